package dev.edgecam.security.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The users who may watch, and how each proves it: a password (HTTP Basic) or a token (HTTP Bearer).
 *
 * <p>Sources: {@code --auth USER:PASSWORD} (kept in memory as a SHA-256 digest, compared in constant time)
 * and {@code --auth-file FILE} with one entry a line, so no secret sits in the process list:
 * <pre>
 * # comment
 * alice:pbkdf2-sha256:600000:SALT:HASH      a password, from 'edgecam passwd alice'
 * nvr:token-sha256:HEX                       a Bearer token's SHA-256, from 'edgecam passwd --token nvr'
 * alice:digest-md5:edgecam:HA1               opt-in, for RTSP Digest, from 'edgecam passwd --digest alice'
 * alice:onvif-plain:BASE64                   opt-in, for ONVIF's PasswordDigest, from 'edgecam passwd --onvif alice'
 * </pre>
 * ONVIF's WS-Security PasswordDigest is SHA-1(nonce + created + password): it needs the password itself. Users from
 * {@code --auth} have it in memory; users from a file only with an {@code onvif-plain} line, which is the password
 * (Base64 only so that any character fits), hence opt-in. Without it such a user can use ONVIF's PasswordText.
 * Digest (RTSP, RFC 2617) needs HA1 = MD5(user:realm:password), which a PBKDF2 hash cannot give: users from
 * {@code --auth} get it computed at start, users from a file only with a {@code digest-md5} line beside their
 * PBKDF2 line. That line is password-equivalent for realm {@value #REALM} if the file leaks, hence opt-in.
 * PBKDF2 is slow on purpose: {@link HttpAuthenticator} remembers successful checks and queues the others
 * fairly. Thread-safe.
 */
public final class UserStore {

    public static final String TOKEN_SCHEME = "token-sha256";
    public static final String DIGEST_SCHEME = "digest-md5";
    /** An auth-file password kept readable for ONVIF's PasswordDigest (Base64 of the UTF-8 password). */
    public static final String ONVIF_SCHEME = "onvif-plain";
    /** The realm of every challenge, HTTP and RTSP; a Digest HA1 is made for it and no other. */
    public static final String REALM = "edgecam";
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, PasswordHash> hashed = new HashMap<>();
    private final Map<String, byte[]> plain = new HashMap<>();
    private final Map<String, String> tokenOwners = new HashMap<>();
    /** Digest HA1 = MD5(user:realm:password) per user, as lowercase hex. */
    private final Map<String, String> digestHa1 = new HashMap<>();
    /** The passwords ONVIF's PasswordDigest can be checked with: {@code --auth} users and {@code onvif-plain} lines. */
    private final Map<String, String> onvifPasswords = new HashMap<>();
    /**
     * Checked for unknown user names, at the cost of the dearest stored password, so that an unknown name takes
     * as long as a wrong password and the timing does not tell which names exist.
     */
    private PasswordHash decoy = PasswordHash.decoy(PasswordHash.MIN_ITERATIONS);

    /** No users: authentication off. */
    public static UserStore none() {
        return new UserStore();
    }

    /**
     * Builds the store from {@code --auth} values and {@code --auth-file} files.
     *
     * @throws IllegalArgumentException naming the flag, file and line that is wrong, and what is expected
     */
    public static UserStore of(List<String> userPasswords, List<Path> files) {
        UserStore store = new UserStore();
        for (String entry : userPasswords) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                // The value is not echoed: it may well be a password typed without its user.
                throw new IllegalArgumentException("--auth wants USER:PASSWORD; a value given has no ':' or an empty part");
            }
            store.addPlain(entry.substring(0, colon), entry.substring(colon + 1), "--auth");
        }
        for (Path file : files) {
            store.load(file);
        }
        return store;
    }

    private void load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read auth file " + file + ": " + e.getMessage()
                    + " (make lines for it with 'edgecam passwd USER')");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "auth file " + file + " line " + (i + 1);
            int colon = line.indexOf(':');
            String user = colon < 0 ? line : line.substring(0, colon);
            String secret = colon < 0 ? "" : line.substring(colon + 1);
            checkName(user, where);
            try {
                if (secret.startsWith(TOKEN_SCHEME + ":")) {
                    String hex = secret.substring(TOKEN_SCHEME.length() + 1);
                    if (!hex.matches("[0-9a-f]{64}")) {
                        throw new IllegalArgumentException("a token is " + TOKEN_SCHEME + ":<64 lowercase hex digits>");
                    }
                    tokenOwners.put(hex, user);
                } else if (secret.startsWith(ONVIF_SCHEME + ":")) {
                    onvifPasswords.put(user, parseOnvif(secret.substring(ONVIF_SCHEME.length() + 1)));
                } else if (secret.startsWith(DIGEST_SCHEME + ":")) {
                    digestHa1.put(user, parseDigest(secret.substring(DIGEST_SCHEME.length() + 1)));
                } else {
                    PasswordHash hash = PasswordHash.parse(secret);
                    hashed.put(user, hash);
                    if (hash.iterations() > decoy.iterations()) {
                        decoy = PasswordHash.decoy(hash.iterations());
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }
    }

    private static String parseDigest(String realmAndHa1) {
        int colon = realmAndHa1.lastIndexOf(':');
        String realm = colon < 0 ? "" : realmAndHa1.substring(0, colon);
        String hex = realmAndHa1.substring(colon + 1);
        if (!realm.equals(REALM)) {
            throw new IllegalArgumentException("a Digest entry's realm must be '" + REALM + "' (it was '"
                    + realm + "'); make the line again with 'edgecam passwd --digest USER'");
        }
        if (!hex.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("a Digest entry is " + DIGEST_SCHEME + ":" + REALM
                    + ":<32 lowercase hex digits>");
        }
        return hex;
    }

    private static String parseOnvif(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("an ONVIF entry is " + ONVIF_SCHEME + ":<the password in Base64>; make"
                    + " the line again with 'edgecam passwd --onvif USER'");
        }
    }

    /** The auth-file text (without the user) that lets {@code user} use ONVIF's PasswordDigest: {@code onvif-plain:BASE64}. */
    public static String onvifLine(char[] password) {
        return ONVIF_SCHEME + ":" + Base64.getEncoder().encodeToString(new String(password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code user}'s password for checking an ONVIF PasswordDigest, or null when edgecam does not know it. */
    String onvifPassword(String user) {
        return onvifPasswords.get(user);
    }

    private void addPlain(String user, String password, String where) {
        checkName(user, where);
        onvifPasswords.put(user, password);
        plain.put(user, sha256(user + "\0" + password));
        digestHa1.put(user, DigestResponse.ha1(user, REALM, password));
    }

    /** The auth-file text (without the user) that lets {@code user} log in with Digest: {@code digest-md5:edgecam:HA1}. */
    public static String digestLine(String user, char[] password) {
        return DIGEST_SCHEME + ":" + REALM + ":" + DigestResponse.ha1(user, REALM, new String(password));
    }

    /** {@code user}'s Digest HA1 (lowercase hex) for realm {@value #REALM}, or null when the user may not use Digest. */
    public String digestHa1(String user) {
        return digestHa1.get(user);
    }

    /** The users who may log in with Digest, sorted (for the start-up log). */
    public List<String> digestUsers() {
        List<String> names = new ArrayList<>(digestHa1.keySet());
        names.sort(null);
        return names;
    }

    /**
     * Checks a user name for {@code edgecam passwd} and the auth sources.
     *
     * @throws IllegalArgumentException saying which characters a name may use
     */
    public static void checkName(String user, String where) {
        if (!USER_NAME.matcher(user).matches()) {
            throw new IllegalArgumentException(where + ": the user name '" + user + "' may use only letters, digits "
                    + "and . _ @ - (1 to 64 of them)");
        }
    }

    /** True when nobody is configured, so authentication is off. */
    public boolean isEmpty() {
        return hashed.isEmpty() && plain.isEmpty() && tokenOwners.isEmpty() && digestHa1.isEmpty()
                && onvifPasswords.isEmpty();
    }

    public int size() {
        return hashed.size() + plain.size() + tokenOwners.size();
    }

    /**
     * The answer when it needs no password hashing (a user from {@code --auth}), else null: then
     * {@link #checkPassword} does the slow check.
     */
    public Boolean quickCheck(String user, String password) {
        byte[] plainDigest = plain.get(user);
        return plainDigest == null ? null : MessageDigest.isEqual(plainDigest, sha256(user + "\0" + password));
    }

    /** True when {@code password} is {@code user}'s; may take a PBKDF2 computation (seconds on a board). */
    public boolean checkPassword(String user, String password) {
        Boolean quick = quickCheck(user, password);
        if (quick != null) {
            return quick;
        }
        PasswordHash hash = hashed.get(user);
        if (hash != null) {
            return hash.matches(password.toCharArray());
        }
        decoy.matches(password.toCharArray());
        return false;
    }

    /** The user a Bearer token belongs to, or null. */
    public String tokenOwner(String token) {
        return tokenOwners.get(HexFormat.of().formatHex(sha256(token)));
    }

    /** A fresh random token (256 bits, Base64url) for {@code edgecam passwd --token}. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The auth-file text that stores {@code token} ({@code token-sha256:HEX}). */
    public static String tokenLine(String token) {
        return TOKEN_SCHEME + ":" + HexFormat.of().formatHex(sha256(token));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** PBKDF2 iterations an unknown user name costs. */
    int decoyIterations() {
        return decoy.iterations();
    }

    /** The names of all users, for the start-up log. */
    public List<String> names() {
        List<String> names = new ArrayList<>(plain.keySet());
        names.addAll(hashed.keySet());
        tokenOwners.values().stream().filter(n -> !names.contains(n)).forEach(names::add);
        digestHa1.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
        onvifPasswords.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
        names.sort(null);
        return names;
    }
}
