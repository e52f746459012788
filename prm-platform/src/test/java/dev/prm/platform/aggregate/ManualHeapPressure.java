package dev.prm.platform.aggregate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The heap is short when a test says so. */
final class ManualHeapPressure implements HeapPressure {

    private final List<Runnable> actions = new CopyOnWriteArrayList<>();

    @Override
    public void whenShort(Runnable action) {
        actions.add(action);
    }

    void heapShort() {
        actions.forEach(Runnable::run);
    }
}
