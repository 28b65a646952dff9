package dev.kubeaudit.agent.config;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts: a plain integer, or an integer with a binary suffix Ki, Mi, Gi or Ti
 * ({@code 64Mi} = 67108864), as Kubernetes quantities write them; also what command-line flags
 * of sizes take. Stateless.
 */
public final class ByteSize {
    public static final String EXPECTED = "a byte size such as 1048576, 500Mi or 10Gi";

    private static final Pattern SIZE = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti)?");
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private ByteSize() {
    }

    /** @throws IllegalArgumentException when {@code text} is not such a size or exceeds a long */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a byte size: " + text);
        }
        BigInteger bytes = new BigInteger(m.group(1)).shiftLeft(shift(m.group(2)));
        if (bytes.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("byte size too large: " + text);
        }
        return bytes.longValue();
    }

    private static int shift(String suffix) {
        if (suffix == null) {
            return 0;
        }
        switch (suffix) {
            case "Ki":
                return 10;
            case "Mi":
                return 20;
            case "Gi":
                return 30;
            default:
                return 40;
        }
    }
}
