package dev.kfn.testsupport.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The Kubernetes API calls the mock API server recorded, read as RBAC reads them: so a test can check the
 * chart's rules against the calls the code really makes, leaving out its own.
 */
public final class RecordedCalls {

    private final List<RecordedRequest> calls;

    private RecordedCalls(List<RecordedRequest> calls) {
        this.calls = calls;
    }

    /** Takes every call recorded so far; the next drain sees only later ones. */
    public static RecordedCalls drain(KubernetesMockServer server) throws InterruptedException {
        List<RecordedRequest> calls = new ArrayList<>();
        for (RecordedRequest call = server.takeRequest(50, TimeUnit.MILLISECONDS);
                call != null;
                call = server.takeRequest(50, TimeUnit.MILLISECONDS)) {
            calls.add(call);
        }
        return new RecordedCalls(calls);
    }

    public int size() {
        return calls.size();
    }

    /** A test's own calls: those it sends with a user agent of its own. */
    public static Predicate<RecordedRequest> sentWith(String agent) {
        return call -> agent.equals(call.getHeader("User-Agent"));
    }

    /** Every recorded call but the test's own that {@code rules} do not allow. */
    public Set<String> refusedBy(List<PolicyRule> rules, Predicate<RecordedRequest> testsOwn) {
        Set<String> refused = new TreeSet<>();
        for (RecordedRequest call : calls) {
            if (testsOwn.test(call)) {
                continue;
            }
            ApiRequest.parse(call.getMethod(), call.getPath())
                    .filter(request -> !RbacRules.allow(rules, request))
                    .ifPresent(request -> refused.add(request + " ← " + call.getMethod() + " " + call.getPath()));
        }
        return refused;
    }
}
