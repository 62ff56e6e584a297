package city.urbanops.ingestion.command;

import java.util.LinkedHashMap;
import java.util.Map;

/** Command ids remembered in arrival order, the oldest forgotten beyond a bound. Not thread-safe. */
final class RememberedIds {

    private final LinkedHashMap<String, Boolean> ids;

    RememberedIds(int max) {
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > max;
            }
        };
    }

    void add(String id) {
        ids.put(id, Boolean.TRUE);
    }

    boolean contains(String id) {
        return ids.containsKey(id);
    }
}
