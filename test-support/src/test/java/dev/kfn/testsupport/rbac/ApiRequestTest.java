package dev.kfn.testsupport.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiRequestTest {

    @Test
    void readsVerbGroupResourceNamespaceAndName() {
        assertThat(ApiRequest.parse("GET", "/apis/apps/v1/namespaces/a/deployments/web/scale"))
                .contains(new ApiRequest("get", "apps", "deployments/scale", "a", "web"));
        assertThat(ApiRequest.parse("GET", "/apis/kfn.dev/v1/functions?watch=true&resourceVersion=1"))
                .contains(new ApiRequest("watch", "kfn.dev", "functions", "", ""));
        assertThat(ApiRequest.parse("GET", "/api/v1/secrets?fieldSelector=metadata.name%3Dkfn-api-keys"))
                .contains(new ApiRequest("list", "", "secrets", "", "kfn-api-keys"));
        assertThat(ApiRequest.parse("POST", "/api/v1/namespaces/a/secrets"))
                .contains(new ApiRequest("create", "", "secrets", "a", ""));
        assertThat(ApiRequest.parse("PATCH", "/apis/kfn.dev/v1/namespaces/a/functions/f/status"))
                .contains(new ApiRequest("patch", "kfn.dev", "functions/status", "a", "f"));
        assertThat(ApiRequest.parse("GET", "/api/v1/namespaces/a"))
                .contains(new ApiRequest("get", "", "namespaces", "", "a"));
        assertThat(ApiRequest.parse("GET", "/apis")).isEmpty();
    }

    @Test
    void rulesMatchEveryPartAndResourceNames() {
        var rules = List.of(new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("secrets")
                .withResourceNames("kfn-api-keys")
                .withVerbs("get", "list", "watch")
                .build());
        assertThat(RbacRules.allow(rules, new ApiRequest("list", "", "secrets", "", "kfn-api-keys")))
                .isTrue();
        assertThat(RbacRules.allow(rules, new ApiRequest("list", "", "secrets", "", "")))
                .isFalse();
        assertThat(RbacRules.allow(rules, new ApiRequest("get", "", "secrets", "a", "other")))
                .isFalse();
        assertThat(RbacRules.allow(rules, new ApiRequest("create", "", "secrets", "a", "kfn-api-keys")))
                .isFalse();
    }
}
