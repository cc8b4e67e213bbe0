package dev.edgecam.transport.onvif;

import dev.edgecam.security.auth.HttpAuthenticator;
import dev.edgecam.security.auth.UsernameTokenAuthenticator;
import dev.edgecam.transport.ServedCamera;
import dev.edgecam.wire.onvif.Soap;
import dev.edgecam.wire.onvif.SoapMessage;
import dev.edgecam.wire.onvif.UsernameToken;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers ONVIF's SOAP calls on the HTTP port: {@link #DEVICE_PATH} ({@link DeviceService}) and {@link #MEDIA_PATH}
 * ({@link MediaService}). Thread-safe; one per server.
 *
 * <p>With users configured every call but GetSystemDateAndTime (which a client needs first, to make its token's
 * time agree with the device's) needs a WS-Security UsernameToken of a user ({@link UsernameTokenAuthenticator}),
 * or an HTTP Basic/Bearer login; without one the answer is a sender fault {@code ter:NotAuthorized} with HTTP 400
 * (ONVIF's binding for sender faults; a 401 would make clients try HTTP Digest, which edgecam's HTTP port lacks).
 * An action the service does not have gets {@code ter:ActionNotSupported}.
 */
public final class OnvifService {

    public static final String DEVICE_PATH = "/onvif/device_service";
    public static final String MEDIA_PATH = "/onvif/media_service";

    private static final Logger log = LoggerFactory.getLogger(OnvifService.class);

    /**
     * What to send back.
     *
     * @param status the HTTP status
     * @param xml the SOAP envelope
     * @param retryAfterSeconds a {@code Retry-After} to send, or 0
     */
    public record Answer(int status, String xml, long retryAfterSeconds) {
    }

    private final OnvifDevice device;
    private final UsernameTokenAuthenticator logins;
    private final DeviceService deviceService;
    private final MediaService mediaService;

    /** @param logins the users' check, or null when the server has no users (every call is answered) */
    public OnvifService(OnvifDevice device, UsernameTokenAuthenticator logins) {
        this(device, logins, Clock.systemUTC());
    }

    OnvifService(OnvifDevice device, UsernameTokenAuthenticator logins, Clock clock) {
        this.device = device;
        this.logins = logins;
        this.deviceService = new DeviceService(device, clock);
        this.mediaService = new MediaService(device);
    }

    public OnvifDevice device() {
        return device;
    }

    /**
     * Answers {@code call}; completes at once, or on a password-checking thread; null when the client left while its
     * login was checked.
     *
     * @param cameras the cameras served now, in config order
     * @param stillWanted false once the connection has closed
     */
    public CompletableFuture<Answer> answer(OnvifCall call, List<ServedCamera> cameras, BooleanSupplier stillWanted) {
        SoapMessage message;
        try {
            message = SoapMessage.parse(call.body());
        } catch (IllegalArgumentException e) {
            return done(fault(OnvifFault.sender(e.getMessage(), "ter:WellFormed")));
        }
        if (logins == null || (call.path().equals(DEVICE_PATH) && message.action().equals("GetSystemDateAndTime"))) {
            return done(serve(call, message, cameras));
        }
        long retryAfter = logins.retryAfterSeconds(call.peer());
        if (retryAfter > 0) {
            return done(new Answer(429, notAuthorized("too many failed logins from your address; try again in "
                    + retryAfter + " s"), retryAfter));
        }
        UsernameToken token = message.usernameToken();
        CompletableFuture<HttpAuthenticator.Outcome> outcome = token != null
                ? logins.check(token.user(), token.password(), token.digest(), token.nonce(), token.created(), call.peer(),
                        stillWanted)
                : call.authorization() != null ? logins.checkAuthorization(call.authorization(), call.peer(), stillWanted)
                : CompletableFuture.completedFuture(HttpAuthenticator.Outcome.NO_CREDENTIALS);
        return outcome.thenApply(result -> switch (result) {
            case ACCEPTED -> serve(call, message, cameras);
            case NO_CREDENTIALS -> new Answer(400, notAuthorized("this camera needs a login: send a WS-Security"
                    + " UsernameToken (PasswordDigest or PasswordText) of one of its users"), 0);
            case REJECTED -> new Answer(400, notAuthorized("wrong user name or password in the UsernameToken (a"
                    + " PasswordDigest also needs the client's clock within 5 min of GetSystemDateAndTime)"), 0);
            case ADDRESS_BUSY -> new Answer(429, notAuthorized("your address already has logins being checked; wait"
                    + " for their answers"), 2);
            case BUSY -> new Answer(503, notAuthorized("too many logins at once; try again in a few seconds"), 5);
            case ABANDONED -> null;
        });
    }

    private Answer serve(OnvifCall call, SoapMessage message, List<ServedCamera> cameras) {
        OnvifRequest request = new OnvifRequest(call.urlHost(), call.urlPort(), call.https(), call.local().getAddress(),
                cameras.stream().map(MediaProfile::of).toList());
        boolean media = call.path().equals(MEDIA_PATH);
        try {
            String body = media ? mediaService.answer(message, request) : deviceService.answer(message, request);
            if (body == null) {
                log.debug("ONVIF: {} asked {} of the {} service, which edgecam does not offer", call.peer(),
                        message.action(), media ? "media" : "device");
                throw OnvifFault.actionNotSupported(message.action() + " is not offered by edgecam's "
                        + (media ? "media" : "device") + " service (" + call.path() + "); see README, ONVIF");
            }
            return new Answer(200, Soap.envelope(body), 0);
        } catch (OnvifFault e) {
            return fault(e);
        }
    }

    private static String notAuthorized(String reason) {
        return Soap.fault("s:Sender", reason, "ter:NotAuthorized");
    }

    private static Answer fault(OnvifFault fault) {
        return new Answer(fault.httpStatus(), fault.envelope(), 0);
    }

    private static CompletableFuture<Answer> done(Answer answer) {
        return CompletableFuture.completedFuture(answer);
    }
}
