package dev.edgecam.cli;

import dev.edgecam.config.Range;
import dev.edgecam.config.SecuritySettings;
import dev.edgecam.security.access.AddressAllowList;
import dev.edgecam.security.access.ConnectionLimits;
import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.server.SecurityConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** {@code edgecam serve}'s security flags: who may connect, and how much each client may take. See docs/security.md. */
final class SecurityOptions {

    @Option(names = "--allow", paramLabel = "CIDR[,CIDR...]", converter = AllowListConverter.class,
            description = "Accept connections only from these addresses on every port, e.g. 192.168.1.0/24,fd00::/8.")
    AddressAllowList allow = AddressAllowList.ANYONE;

    @Option(names = "--legacy-allow", paramLabel = "CIDR[,CIDR...]", converter = AllowListConverter.class,
            description = "Accept legacy-protocol connections only from these addresses. With --auth the legacy port "
                    + "is off unless this is given, since the legacy protocol cannot carry credentials.")
    AddressAllowList legacyAllow;

    @Option(names = "--max-clients", paramLabel = "N", description = "Most connections open at once, all ports together. With logins on, "
            + "an eighth of them are kept for addresses that have logged in.")
    int maxClients = ConnectionLimits.DEFAULT_MAX_CLIENTS;

    @Option(names = "--max-clients-per-address", paramLabel = "N", description = "Most connections open at once from "
            + "one address; at most --max-clients. Default: a quarter of --max-clients, at most "
            + ConnectionLimits.DEFAULT_MAX_CLIENTS_PER_ADDRESS + ".")
    Integer maxClientsPerAddress;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            description = "Close a legacy connection with no traffic either way for this long (a person at the "
                    + "original client's prompt sends nothing between commands); 0 never closes.")
    long idleSeconds = ConnectionLimits.DEFAULT_LEGACY_IDLE_TIMEOUT.toSeconds();

    @Option(names = "--request-timeout", paramLabel = "SECONDS",
            description = "An HTTP client must send each whole request within this long of connecting or of the "
                    + "previous answer (stops slowloris); a connection that sends nothing at all is closed after 5 s "
                    + "(or this, if shorter).")
    long requestSeconds = ConnectionLimits.DEFAULT_REQUEST_TIMEOUT.toSeconds();

    @Option(names = "--write-timeout", paramLabel = "SECONDS",
            description = "Disconnect a client that accepts no data for this long (it stopped reading).")
    long writeSeconds = ConnectionLimits.DEFAULT_WRITE_TIMEOUT.toSeconds();

    @Option(names = "--auth", paramLabel = "USER:PASSWORD", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Require this user's login on HTTP (repeatable). The password shows in the process list: "
                    + "prefer --auth-file. With authentication on, the legacy port needs --legacy-allow.")
    List<String> auth = new ArrayList<>();

    @Option(names = "--auth-file", paramLabel = "FILE", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Users with hashed passwords and tokens, one a line, as 'edgecam passwd' prints them (repeatable).")
    List<Path> authFiles = new ArrayList<>();

    @Option(names = "--public", paramLabel = "NAME[,NAME...]", converter = PublicConverter.class,
            description = "HTTP endpoints open without login when authentication is on: page, stream, snapshot, "
                    + "state, events, recordings, metrics, settings.")
    PublicEndpoints publicEndpoints = PublicEndpoints.none();

    @Option(names = "--allowed-host", paramLabel = "NAME", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Another name HTTP requests that change something (PUT /settings) may be addressed to, "
                    + "besides this machine's name, NAME.local, localhost and its addresses (repeatable). Stops DNS "
                    + "rebinding.")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Serve HTTPS with this PEM certificate (chain); needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The PEM private key (unencrypted PKCS#8) of --tls-cert.")
    Path tlsKey;

    @Option(names = "--tls-self-signed", description = "Serve HTTPS with a self-signed certificate, made once and kept in "
            + "--tls-dir; its SHA-256 fingerprint is printed at start for clients to pin (edgecam --tls-pin).")
    boolean tlsSelfSigned;

    @Option(names = "--tls-dir", paramLabel = "DIR", description = "Where --tls-self-signed keeps its certificate. "
            + "Default: $XDG_CONFIG_HOME/edgecam, else ~/.config/edgecam.")
    Path tlsDir;

    /** The validated configuration, auth files and certificates loaded; a {@link ParameterException} names a bad flag. */
    SecurityConfig toConfig(CommandSpec spec) {
        return loaded(spec, toSettings(spec));
    }

    /** The settings with auth files and certificates loaded; throws a {@link ParameterException} saying what failed. */
    static SecurityConfig loaded(CommandSpec spec, SecuritySettings settings) {
        try {
            return settings.toSecurityConfig();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The flags' values, range-checked; nothing loaded yet. */
    SecuritySettings toSettings(CommandSpec spec) {
        Converters.requireRange(spec, "--max-clients", maxClients, Range.MAX_CLIENTS);
        if (maxClientsPerAddress != null) {
            Converters.requireRange(spec, "--max-clients-per-address", maxClientsPerAddress, Range.MAX_CLIENTS);
        }
        Converters.requireRange(spec, "--idle-timeout", idleSeconds, Range.IDLE_TIMEOUT_SECONDS);
        Converters.requireRange(spec, "--request-timeout", requestSeconds, Range.REQUEST_TIMEOUT_SECONDS);
        Converters.requireRange(spec, "--write-timeout", writeSeconds, Range.WRITE_TIMEOUT_SECONDS);
        return new SecuritySettings(allow, legacyAllow, maxClients, maxClientsPerAddress, idleSeconds, requestSeconds,
                writeSeconds, auth, authFiles, publicEndpoints, allowedHosts, tlsCert, tlsKey, tlsSelfSigned, tlsDir);
    }

    static final class PublicConverter implements ITypeConverter<PublicEndpoints> {
        @Override
        public PublicEndpoints convert(String value) {
            try {
                return PublicEndpoints.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class AllowListConverter implements ITypeConverter<AddressAllowList> {
        @Override
        public AddressAllowList convert(String value) {
            try {
                return SecuritySettings.parseAllowList(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
