package dev.kubeaudit.agent.policy;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean …?" for names: same letters in another case, or at most two edits away. Stateless. */
final class Suggest {
    private Suggest() {
    }

    /** The closest candidate, or null when none is close. */
    static String closest(String text, Collection<String> candidates) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (candidate.equalsIgnoreCase(text)) {
                return candidate;
            }
            int d = distance(text.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.min(2, text.length() / 3) ? best : null;
    }

    /** "did you mean X?", or null. */
    static String didYouMean(String text, Collection<String> candidates) {
        String close = closest(text, candidates);
        return close == null ? null : "did you mean " + close + "?";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
