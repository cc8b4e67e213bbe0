package dev.edgecam.cli;

import dev.edgecam.discovery.CameraBrowser;
import dev.edgecam.discovery.FoundCamera;
import dev.edgecam.discovery.MdnsInterfaces;
import dev.edgecam.frame.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgecam discover}: lists the edgecam cameras advertised on the LAN (mDNS/DNS-SD) with their URLs. */
@Command(name = "discover",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"List the edgecam servers and cameras on the LAN, found over mDNS (DNS-SD), with their URLs.",
            "Each NAME it prints (ID@SERVER, or the ID alone when no other server has it) can be given to view, "
                    + "snapshot and record in place of an address."})
final class DiscoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "3s",
            description = "How long to listen for answers (such as 3s or 500ms).")
    Duration timeout;

    @Option(names = "--interface", paramLabel = "ADDRESS",
            description = "Browse from this address of this machine only (default: every interface that is up and "
                    + "can multicast, loopback excepted).")
    String interfaceAddress;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        List<FoundCamera> cameras;
        try {
            List<InetAddress> on = interfaceAddress == null ? MdnsInterfaces.lanAddresses()
                    : List.of(InetAddress.getByName(interfaceAddress));
            cameras = CameraBrowser.browse(on, timeout, found -> false);
        } catch (IOException e) {
            spec.commandLine().getErr().println("edgecam: discover: " + e.getMessage());
            return 1;
        }
        for (FoundCamera camera : cameras) {
            out.printf(Locale.ROOT, "%s  (camera %s of %s at %s, edgecam %s)%n", camera.name(), camera.id(),
                    camera.server(), camera.address(), camera.version());
            line(out, "page", camera.pageUrl());
            line(out, "mjpeg", camera.mjpegUrl());
            line(out, "snapshot", camera.snapshotUrl());
            line(out, "rtsp", camera.rtspUrl());
        }
        long servers = cameras.stream().map(FoundCamera::server).distinct().count();
        out.printf(Locale.ROOT, "%d camera(s) on %d server(s) answered within %s%n", cameras.size(), servers,
                Durations.format(timeout));
        out.flush();
        return 0;
    }

    private static void line(PrintWriter out, String label, String url) {
        if (url != null) {
            out.printf(Locale.ROOT, "  %-9s %s%n", label, url);
        }
    }
}
