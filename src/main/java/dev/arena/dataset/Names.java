package dev.arena.dataset;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * Rules for dataset and task names. They become folder names in the run layout, Docker tags
 * and Kubernetes label values, so they are kept to a safe alphabet.
 */
public final class Names {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    /** Sorts "task-2" before "task-10" by comparing digit runs as numbers. */
    public static final Comparator<String> NATURAL_ORDER = Names::compareNatural;

    private Names() {
    }

    public static boolean isSafe(String name) {
        return name != null && SAFE.matcher(name).matches();
    }

    private static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int cmp = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (cmp != 0) {
                    return cmp;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int rest = Integer.compare(a.length() - i, b.length() - j);
        // "task-01" and "task-1" are equal as numbers; plain order keeps distinct names distinct
        return rest != 0 ? rest : a.compareTo(b);
    }
}
