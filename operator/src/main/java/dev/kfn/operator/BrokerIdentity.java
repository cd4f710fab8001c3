package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.broker.BrokerPermissions;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A function's own broker identity: the user its pods log in as, with exactly {@link BrokerPermissions#forFunction}
 * permissions, and the Secret in the function's namespace that carries its credentials to them. The password is
 * derived from the function's name with the operator's key, never stored or read back: so the operator only ever
 * creates and deletes Secrets and can read none.
 */
public final class BrokerIdentity {

    public static final String USERNAME_KEY = "username";
    public static final String PASSWORD_KEY = "password";
    private static final String HMAC = "HmacSHA256";

    private BrokerIdentity() {}

    /** The Secret's name, beside the function's Deployment of the same name. */
    public static String secretName(String function) {
        return function + "-broker";
    }

    /** HMAC-SHA256 over {@code <namespace>/<name>}: the same key gives the same password after any restart. */
    public static String password(String key, FunctionId function) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), HMAC));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(function.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM offers no " + HMAC, e);
        }
    }

    /** Owned by the Function, so Kubernetes removes it with the Function even if the operator does not. */
    public static Secret secret(Function fn, String key) {
        FunctionId id = fn.id();
        return new SecretBuilder()
                .withNewMetadata()
                .withName(secretName(id.name()))
                .withNamespace(id.namespace())
                .withLabels(Labels.of(fn))
                .addNewOwnerReference()
                .withApiVersion(fn.getApiVersion())
                .withKind(fn.getKind())
                .withName(id.name())
                .withUid(fn.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .endOwnerReference()
                .endMetadata()
                .withType("Opaque")
                .withStringData(Map.of(
                        USERNAME_KEY, BrokerPermissions.functionUser(id),
                        PASSWORD_KEY, password(key, id)))
                .build();
    }
}
