package dev.kfn.runtime.config;

import dev.kfn.contract.Runtime;
import org.eclipse.microprofile.config.spi.Converter;

/** {@code KFN_RUNTIME} as the CRD spells it ({@code java}, {@code provided}); anything else stops the host at start. */
public final class RuntimeConverter implements Converter<Runtime> {

    @Override
    public Runtime convert(String value) {
        return Runtime.of(value.strip())
                .orElseThrow(() ->
                        new IllegalArgumentException("KFN_RUNTIME must match " + Runtime.PATTERN + ", got " + value));
    }
}
