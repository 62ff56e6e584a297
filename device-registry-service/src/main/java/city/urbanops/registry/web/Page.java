package city.urbanops.registry.web;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: the items and, when more follow, the opaque cursor that continues after the last one.
 *
 * @param next null on the last page
 */
public record Page<T>(List<T> items, String next) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * The page of {@code fetched}, which holds up to {@code limit + 1} items: the extra one only tells that more
     * follow, so it is dropped and the cursor points after the last item kept.
     */
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> key) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> kept = fetched.subList(0, limit);
        return new Page<>(kept, Cursors.after(key.apply(kept.getLast())));
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), next);
    }
}
