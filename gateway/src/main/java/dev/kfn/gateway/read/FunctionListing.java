package dev.kfn.gateway.read;

import dev.kfn.api.Function;
import dev.kfn.gateway.LambdaError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One page of {@code ListFunctions}: the functions in namespace/name order after the marker. The marker is the last
 * listed function's id, encoded, so a page stays right when functions come and go between calls. Pure.
 */
public record FunctionListing(List<Function> page, Optional<String> nextMarker) {

    public static final int DEFAULT_MAX_ITEMS = 50;
    public static final int MAX_ITEMS = 10_000;

    /** @throws dev.kfn.gateway.InvokeException 400 for a MaxItems out of range or a marker kfn did not write */
    public static FunctionListing of(List<Function> visible, Optional<String> marker, Optional<Integer> maxItems) {
        int max = maxItems.orElse(DEFAULT_MAX_ITEMS);
        if (max < 1 || max > MAX_ITEMS) {
            throw LambdaError.invalidParameter("MaxItems must be between 1 and " + MAX_ITEMS + ", got " + max)
                    .exception();
        }
        Optional<String> after = marker.filter(m -> !m.isEmpty()).map(FunctionListing::decode);
        List<Function> sorted = visible.stream()
                .sorted(Comparator.comparing(fn -> fn.id().toString()))
                .filter(fn -> after.map(last -> fn.id().toString().compareTo(last) > 0)
                        .orElse(true))
                .toList();
        if (sorted.size() <= max) {
            return new FunctionListing(sorted, Optional.empty());
        }
        List<Function> page = sorted.subList(0, max);
        return new FunctionListing(
                List.copyOf(page), Optional.of(encode(page.get(max - 1).id().toString())));
    }

    private static String encode(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String marker) {
        try {
            return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw LambdaError.invalidParameter("Marker '" + marker + "' was not returned by ListFunctions")
                    .exception();
        }
    }
}
