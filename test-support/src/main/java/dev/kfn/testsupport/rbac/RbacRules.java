package dev.kfn.testsupport.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;

/** Whether RBAC rules allow a request, as Kubernetes' RBAC authorizer decides: any one rule matching every part. */
public final class RbacRules {

    private RbacRules() {}

    public static boolean allow(List<PolicyRule> rules, ApiRequest request) {
        return rules.stream().anyMatch(rule -> matches(rule, request));
    }

    private static boolean matches(PolicyRule rule, ApiRequest request) {
        return covers(rule.getApiGroups(), request.group())
                && covers(rule.getResources(), request.resource())
                && covers(rule.getVerbs(), request.verb())
                && (rule.getResourceNames() == null
                        || rule.getResourceNames().isEmpty()
                        || rule.getResourceNames().contains(request.name()));
    }

    private static boolean covers(List<String> allowed, String value) {
        return allowed != null && (allowed.contains("*") || allowed.contains(value));
    }
}
