package dev.kfn.operator;

import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Optional;

/** Operator-wide pod settings for the pure builder tests, as the defaults would give them with an in-cluster broker. */
final class TestPodSettings {

    static final PodSettings SETTINGS = new PodSettings(
            "ghcr.io/kfn-dev/runtime-host:test",
            1769,
            6000,
            1000,
            96,
            Duration.ofSeconds(10),
            "us-east-1",
            "rabbitmq.kfn-system.svc",
            5672,
            "/",
            200,
            false,
            new PodSettings.Tmp(new Quantity("512Mi"), Optional.empty()));

    private TestPodSettings() {}
}
