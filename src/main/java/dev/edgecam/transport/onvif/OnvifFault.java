package dev.edgecam.transport.onvif;

import dev.edgecam.wire.onvif.Soap;

/**
 * A call that ends in a SOAP fault (ONVIF Core, "SOAP fault handling"): the HTTP status, the fault's code and
 * subcodes, and a reason that says what failed and what to do. Sender faults are the client's (HTTP 400), receiver
 * faults the device's (HTTP 500), as ONVIF's HTTP binding says.
 */
final class OnvifFault extends RuntimeException {

    private final int httpStatus;
    private final String code;
    private final String[] subcodes;

    OnvifFault(int httpStatus, String code, String reason, String... subcodes) {
        super(reason, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
        this.subcodes = subcodes.clone();
    }

    /** The client asked for something wrong: {@code s:Sender}, HTTP 400. */
    static OnvifFault sender(String reason, String... subcodes) {
        return new OnvifFault(400, "s:Sender", reason, subcodes);
    }

    /** {@code s:Receiver / ter:ActionNotSupported}, HTTP 500: an action edgecam does not implement. */
    static OnvifFault actionNotSupported(String reason) {
        return new OnvifFault(500, "s:Receiver", reason, "ter:ActionNotSupported");
    }

    int httpStatus() {
        return httpStatus;
    }

    /** The whole fault envelope. */
    String envelope() {
        return Soap.fault(code, getMessage(), subcodes);
    }
}
