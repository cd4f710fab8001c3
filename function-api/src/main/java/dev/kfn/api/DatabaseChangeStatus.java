package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * What the gateway reading one databaseChange trigger's replication slot reports, written by the gateway alone. A slot that lags keeps the database's
 * write-ahead log on disk until it is read: {@code lagBytes} says how much it holds back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseChangeStatus {

    /** Index of the trigger in spec.triggers. */
    private Integer trigger;
    /** The replication slot (and publication) of the trigger. */
    private String slot;
    /** Write-ahead log the slot holds back: the server's current position less the slot's confirmed one. */
    private Long lagBytes;
    /** Whether a gateway is reading the slot now. */
    private Boolean active;
    /** Why no gateway can read the table: the database unreachable, the table missing, no replication permission. */
    private String error;

    public DatabaseChangeStatus() {}

    public DatabaseChangeStatus(Integer trigger, String slot, Long lagBytes, Boolean active, String error) {
        this.trigger = trigger;
        this.slot = slot;
        this.lagBytes = lagBytes;
        this.active = active;
        this.error = error;
    }

    public Integer getTrigger() {
        return trigger;
    }

    public void setTrigger(Integer trigger) {
        this.trigger = trigger;
    }

    public String getSlot() {
        return slot;
    }

    public void setSlot(String slot) {
        this.slot = slot;
    }

    public Long getLagBytes() {
        return lagBytes;
    }

    public void setLagBytes(Long lagBytes) {
        this.lagBytes = lagBytes;
    }

    public Boolean getActive() {
        return active;
    }

    public void setActive(Boolean active) {
        this.active = active;
    }

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseChangeStatus other
                && Objects.equals(trigger, other.trigger)
                && Objects.equals(slot, other.slot)
                && Objects.equals(lagBytes, other.lagBytes)
                && Objects.equals(active, other.active)
                && Objects.equals(error, other.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(trigger, slot, lagBytes, active, error);
    }
}
