package dev.kubeaudit.agent.integrity;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Something the archive will never hold, declared as such: the chain records it signed, so that a
 * verifier tells it from an undeclared gap. {@code id} is unique ({@link #of} makes one from the
 * time and 64 random bits), {@code reason} one of the constants here or another lower-case token,
 * {@code time} when it was found, {@code detail} one line for the operator: control characters
 * (tabs, newlines) and Unicode line separators become spaces.
 */
public record DeclaredGap(String id, String reason, Instant time, String detail) {
    /** The previous run of the agent did not stop cleanly: lines it had taken may never have reached audit.log. */
    public static final String UNCLEAN_STOP = "unclean-stop";
    /** The journal lost entries the log writer had already passed (power loss with journal.sync: none). */
    public static final String JOURNAL_TAIL_LOST = "journal-tail-lost";
    /** A segment was deleted before it was shipped. */
    public static final String SEGMENT_DELETED_UNSHIPPED = "segment-deleted-unshipped";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern REASON = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    public DeclaredGap {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(time, "time");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id: \"" + id + "\" (expected: letters, digits, '.', '_' or '-')");
        }
        if (!REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException("reason: \"" + reason + "\" (expected: a lower-case token such as "
                    + UNCLEAN_STOP + ")");
        }
        detail = oneLine(detail);
    }

    /** A new gap with a fresh id: {@code yyyyMMdd'T'HHmmss.SSS'Z'} of {@code time}, '-', 16 random hex digits. */
    public static DeclaredGap of(String reason, Instant time, String detail) {
        return new DeclaredGap(ID_TIME.format(time) + "-" + HexFormat.of().toHexDigits(RANDOM.nextLong()), reason,
                time, detail);
    }

    /** {@code text} with every control character (tab, CR, LF, …) replaced by a space; null is "". */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder line = new StringBuilder(text.length());
        text.codePoints().forEach(c -> line.appendCodePoint(breaksLine(c) ? ' ' : c));
        return line.toString();
    }

    private static boolean breaksLine(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
