package dev.kfn.operator.clusterevent;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a label selector string is one the API server takes ({@code app=web,tier!=db,env in (a,b),!canary}), so
 * a typo is named in the Function's status instead of failing every watch. Pure.
 */
final class LabelSelectorSyntax {

    private static final String NAME = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
    private static final String KEY = "([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?" + NAME;
    private static final String VALUE = "(" + NAME + ")?";
    private static final Pattern REQUIREMENT = Pattern.compile("!?\\s*" + KEY + "|" + KEY + "\\s*(=|==|!=)\\s*" + VALUE
            + "|" + KEY + "\\s+(in|notin)\\s*\\(\\s*" + VALUE + "(\\s*,\\s*" + VALUE + ")*\\s*\\)");

    private LabelSelectorSyntax() {}

    /** @throws IllegalArgumentException naming the requirement that does not parse */
    static void check(String selector, String field) {
        if (selector.isBlank()) {
            throw new IllegalArgumentException(field + ": empty; leave it out to match every object");
        }
        for (String requirement : requirements(selector)) {
            if (!REQUIREMENT.matcher(requirement.strip()).matches()) {
                throw new IllegalArgumentException(field + ": \"" + requirement.strip() + "\" is not a label"
                        + " selector requirement (key, !key, key=value, key!=value, key in (a,b), key notin (a,b))");
            }
        }
    }

    /** Split on the commas between requirements, not those inside {@code in (a,b)}. */
    private static List<String> requirements(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(selector.substring(start));
        return parts;
    }
}
