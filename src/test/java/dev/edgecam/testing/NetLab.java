package dev.edgecam.testing;

import dev.edgecam.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A small LAN made of Linux network namespaces, for tests of what loopback cannot show: multicast reaching
 * several machines, packets lost on the way. Each host is a namespace with {@code lo} up and an {@code eth0}
 * (one end of a veth pair) whose other end is a port of a bridge living in its own namespace; host {@code i}
 * (from 0) has address {@code 10.NN.0.(i+1)/24} and a route for 224.0.0.0/4 through {@code eth0}. Nothing is
 * made in the test machine's own namespace, so the lab cannot disturb it or clash with another run.
 *
 * <pre>
 *   host 0 (10.NN.0.1) eth0 ──veth── h0 ┐
 *   host 1 (10.NN.0.2) eth0 ──veth── h1 ├─ br0  (bridge namespace, multicast snooping off: it floods groups)
 *   host 2 (10.NN.0.3) eth0 ──veth── h2 ┘
 * </pre>
 *
 * <p>This kernel has no {@code tc netem}; {@link #dropUdp} loses packets with an nftables rule instead. Each host's
 * {@code eth0} sends one packet per segment ({@code gso_max_segs 1}), so a segmented UDP send reaches the rule as the
 * packets a real link would carry, not as one.
 * Namespaces are named {@code edgecam-lab-PID-N-ROLE}; the lab is removed by {@link #close} (idempotent), by a
 * shutdown hook when the JVM ends first, and leftovers of runs whose JVM died (SIGKILL) are removed when the next
 * lab is made. Needs root and Debian's iproute2 and nftables: {@link #create} skips the test without them on a
 * developer's machine and fails it in CI ({@code CI=true}, where {@code .ci/run} installs both and runs as root).
 */
public final class NetLab implements AutoCloseable {

    public static final String PREFIX = "edgecam-lab-";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger LABS = new AtomicInteger();

    /** One machine of the lab: its namespace, its address on the lab's LAN, its interface to it. */
    public record Host(String namespace, String address, String device) {
    }

    /** What a command printed (standard output and error together) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    private final String name;
    private final String bridge;
    private final List<Host> hosts = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    private final Thread shutdownHook;
    private boolean closed;

    private NetLab(String name) {
        this.name = name;
        this.bridge = name + "-br";
        this.shutdownHook = new Thread(this::removeAll, "netlab-cleanup-" + name);
    }

    /**
     * Makes a lab of {@code hostCount} hosts on subnet 10.{@code subnet}.0.0/24.
     *
     * @throws org.opentest4j.TestAbortedException when not root or without ip/nft, outside CI
     */
    public static NetLab create(int hostCount, int subnet) throws IOException, InterruptedException {
        if (hostCount < 1 || hostCount > 250 || subnet < 0 || subnet > 255) {
            throw new IllegalArgumentException("a lab has 1 to 250 hosts on 10.0-255.0.0/24; asked " + hostCount
                    + " hosts on 10." + subnet + ".0.0/24");
        }
        assumeAvailable();
        removeLeftovers();
        NetLab lab = new NetLab(PREFIX + ProcessHandle.current().pid() + "-" + LABS.incrementAndGet());
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        try {
            lab.build(hostCount, subnet);
        } catch (IOException | InterruptedException | RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void build(int hostCount, int subnet) throws IOException, InterruptedException {
        addNamespace(bridge);
        ip("-n", bridge, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
        ip("-n", bridge, "link", "set", "br0", "up");
        for (int i = 0; i < hostCount; i++) {
            Host host = new Host(name + "-h" + i, "10." + subnet + ".0." + (i + 1), "eth0");
            addNamespace(host.namespace());
            String port = "h" + i;
            ip("-n", bridge, "link", "add", port, "type", "veth", "peer", "name", host.device(), "netns", host.namespace());
            ip("-n", bridge, "link", "set", port, "master", "br0", "up");
            ip("-n", host.namespace(), "link", "set", "lo", "up");
            ip("-n", host.namespace(), "addr", "add", host.address() + "/24", "dev", host.device());
            // A send with UDP segmentation offload (edgecam's RTP) leaves a host as one large packet on a veth, which
            // the receiver's nftables would drop whole; a network card cuts it into its packets before the wire. One
            // segment per packet on eth0 makes the kernel cut it as it leaves, so dropUdp loses packets one by one.
            ip("-n", host.namespace(), "link", "set", host.device(), "gso_max_segs", "1");
            ip("-n", host.namespace(), "link", "set", host.device(), "up");
            ip("-n", host.namespace(), "route", "add", "224.0.0.0/4", "dev", host.device());
            hosts.add(host);
        }
    }

    private void addNamespace(String namespace) throws IOException, InterruptedException {
        ip("netns", "add", namespace);
        synchronized (this) {
            namespaces.add(namespace);
        }
    }

    public List<Host> hosts() {
        return List.copyOf(hosts);
    }

    public Host host(int index) {
        return hosts.get(index);
    }

    /** Runs {@code command} in {@code host} and waits for it (at most {@code timeout}; then it is killed and this fails). */
    public Result run(Host host, Duration timeout, String... command) throws IOException, InterruptedException {
        return exec(timeout, inHost(host, List.of(command)));
    }

    /**
     * Starts {@code command} in {@code host}, its output (stdout and stderr) going to {@code log}; the lab kills it
     * when it closes.
     */
    public Process start(Host host, List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(inHost(host, command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        synchronized (this) {
            started.add(process);
        }
        return process;
    }

    /** The command that runs edgecam ({@code Main} of this test run's class path) in a child JVM, for {@link #start}. */
    public static List<String> edgecamCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Makes {@code host} drop about {@code percent} % of the UDP datagrams arriving for {@code port}, at random
     * (nftables' {@code numgen random}, in the host's own ruleset).
     */
    public void dropUdp(Host host, int port, int percent) throws IOException, InterruptedException {
        if (percent < 0 || percent > 100 || port < 1 || port > 65535) {
            throw new IllegalArgumentException("dropUdp wants a port 1-65535 and 0-100 %; got port " + port
                    + ", " + percent + " %");
        }
        String table = "edgecam_lab";
        String rules = "table inet " + table + " {\n"
                + "  chain input { type filter hook input priority 0; policy accept;\n"
                + "    udp dport " + port + (percent == 100 ? "" : " numgen random mod 100 < " + percent)
                + " counter drop\n  }\n}\n"; // nft refuses "< 100" (numgen's values are 0-99)
        Path script = Files.createTempFile("netlab-nft", ".nft");
        try {
            Files.writeString(script, rules, StandardCharsets.UTF_8);
            checked(exec(COMMAND_TIMEOUT, inHost(host, List.of(binary("nft"), "-f", script.toString()))), "nft -f");
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** The packets {@link #dropUdp}'s rule in {@code host} has dropped so far (its nftables counter). */
    public long udpDropped(Host host) throws IOException, InterruptedException {
        Result table = checked(exec(COMMAND_TIMEOUT, inHost(host, List.of(binary("nft"), "list", "table", "inet",
                "edgecam_lab"))), "nft list table inet edgecam_lab");
        java.util.regex.Matcher counter = java.util.regex.Pattern.compile("counter packets (\\d+)")
                .matcher(table.output());
        if (!counter.find()) {
            throw new IllegalStateException("no counter in host " + host.namespace() + "'s nftables table "
                    + "edgecam_lab (was dropUdp called?):\n" + table.output());
        }
        return Long.parseLong(counter.group(1));
    }

    private static List<String> inHost(Host host, List<String> command) {
        List<String> full = new ArrayList<>(List.of(binary("ip"), "netns", "exec", host.namespace()));
        full.addAll(command);
        return full;
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary("ip")));
        command.addAll(List.of(args));
        checked(exec(COMMAND_TIMEOUT, command), "ip " + String.join(" ", args));
    }

    private static Result checked(Result result, String what) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException("net lab: '" + what + "' failed (exit " + result.exitCode() + "): "
                    + result.output().strip());
        }
        return result;
    }

    private static Result exec(Duration timeout, List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("netlab-out", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException("net lab: " + String.join(" ", command) + " took more than " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Kills what the lab started and deletes its namespaces; safe to call twice and from the shutdown hook. */
    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs or ran, and removeAll is idempotent.
        }
    }

    private synchronized void removeAll() {
        if (closed) {
            return;
        }
        closed = true;
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Process process : started) {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        namespaces.forEach(NetLab::deleteNamespace);
    }

    private static void deleteNamespace(String namespace) {
        try {
            exec(COMMAND_TIMEOUT, List.of(binary("ip"), "netns", "del", namespace));
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("net lab: could not delete namespace " + namespace + ": " + e
                    + " (remove it with 'ip netns del " + namespace + "')");
        }
    }

    /** The lab's namespaces on this machine now (for tests of the cleanup). */
    public static List<String> existingNamespaces() throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        for (String line : exec(COMMAND_TIMEOUT, List.of(binary("ip"), "netns", "list")).output().split("\n")) {
            String namespace = line.strip().split("\\s+")[0];
            if (namespace.startsWith(PREFIX)) {
                names.add(namespace);
            }
        }
        return names;
    }

    /** Deletes namespaces of labs whose JVM is gone (killed before its shutdown hook could run). */
    static void removeLeftovers() throws IOException, InterruptedException {
        for (String namespace : existingNamespaces()) {
            String pid = namespace.substring(PREFIX.length()).split("-")[0];
            boolean alive;
            try {
                alive = ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
            } catch (NumberFormatException e) {
                alive = false;
            }
            if (!alive) {
                deleteNamespace(namespace);
            }
        }
    }

    /** Skips the test on a developer's machine without root, ip or nft; fails it in CI, where they must be. */
    private static void assumeAvailable() throws IOException {
        String missing = null;
        if (!isRoot()) {
            missing = "the net lab needs root (network namespaces); CI runs as root";
        } else if (binary("ip") == null || binary("nft") == null) {
            missing = "the net lab needs Debian's iproute2 (ip) and nftables (nft); .ci/run installs them";
        }
        if (missing != null && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(missing);
        }
        Assumptions.assumeTrue(missing == null, missing);
    }

    private static boolean isRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(line -> line.matches("Uid:\\s+0\\s.*"));
    }

    /** The full path of {@code ip} or {@code nft} (root's tools live in sbin, often not on a user's PATH), or null. */
    private static String binary(String tool) {
        for (String folder : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path path = Path.of(folder, tool);
            if (Files.isExecutable(path)) {
                return path.toString();
            }
        }
        return null;
    }
}
