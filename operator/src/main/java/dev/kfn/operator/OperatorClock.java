package dev.kfn.operator;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The time schedules are read against: the system's, unless another Clock bean is deployed (tests drive time with one). */
@Singleton
public class OperatorClock {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
