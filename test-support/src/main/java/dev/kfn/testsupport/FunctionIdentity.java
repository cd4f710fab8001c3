package dev.kfn.testsupport;

import dev.kfn.contract.DestinationAddress;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.broker.BrokerManagement;
import dev.kfn.contract.broker.BrokerPermissions;
import dev.kfn.contract.broker.BrokerSettings;
import java.util.Collection;
import java.util.UUID;

/**
 * A function's own broker identity on a real RabbitMQ, with exactly the permissions the operator grants it
 * ({@link BrokerPermissions#forFunction}), so a test can run a host as a function pod runs it. The user is deleted
 * on close.
 */
public final class FunctionIdentity implements AutoCloseable {

    private final BrokerManagement management;
    private final String user;
    private final BrokerSettings settings;

    public FunctionIdentity(BrokerSettings admin, FunctionId function, Collection<DestinationAddress> destinations)
            throws Exception {
        this.management = new BrokerManagement(admin);
        this.user = BrokerPermissions.functionUser(function);
        String password = UUID.randomUUID().toString();
        management.putUser(user, password);
        management.putPermissions(user, BrokerPermissions.forFunction(function, destinations));
        this.settings = admin.withCredentials(user, password);
    }

    /** The settings a pod of the function gets: the admin's broker with this identity's credentials. */
    public BrokerSettings settings() {
        return settings;
    }

    @Override
    public void close() throws Exception {
        management.deleteUser(user);
    }
}
