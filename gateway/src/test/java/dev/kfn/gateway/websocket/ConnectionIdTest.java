package dev.kfn.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionIdTest {

    @Test
    void anIdNamesItsReplicaAndIsNeverRepeated() {
        String replica = ConnectionId.newReplica();
        String id = ConnectionId.mint(replica);

        assertThat(replica).hasSize(ConnectionId.REPLICA_LENGTH);
        assertThat(ConnectionId.replicaOf(id)).contains(replica);
        assertThat(ConnectionId.mint(replica)).isNotEqualTo(id);
        assertThat(id).matches("[A-Za-z0-9_-]{30}");
    }

    @Test
    void anythingElseNamesNoReplica() {
        assertThat(ConnectionId.replicaOf("never-minted")).isEmpty();
        assertThat(ConnectionId.replicaOf("GFmGJdKHS48fyYlGjKSeIkyW55CP/=")).isEmpty();
    }
}
