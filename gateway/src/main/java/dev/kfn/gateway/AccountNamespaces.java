package dev.kfn.gateway;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which namespace an ARN's account field names. kfn writes the namespace there, so its own ARNs round-trip; an AWS
 * account id (twelve digits, as the AWS SDKs and tools that were written for Lambda put there, often
 * {@code 000000000000}) is looked up in {@code kfn.gateway.accounts} and otherwise means the default namespace, as
 * a bare function name does. A namespace whose name is twelve digits is therefore reached through the map only.
 */
public record AccountNamespaces(String defaultNamespace, Map<String, String> accounts) {

    private static final Pattern AWS_ACCOUNT_ID = Pattern.compile("^[0-9]{12}$");

    public AccountNamespaces {
        accounts = Map.copyOf(accounts);
    }

    public static AccountNamespaces of(GatewayConfig config) {
        return new AccountNamespaces(config.defaultNamespace(), config.accounts());
    }

    public String namespaceOf(String account) {
        if (account.isEmpty()) {
            return defaultNamespace;
        }
        if (AWS_ACCOUNT_ID.matcher(account).matches()) {
            return accounts.getOrDefault(account, defaultNamespace);
        }
        return account;
    }
}
