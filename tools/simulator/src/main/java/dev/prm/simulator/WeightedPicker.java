package dev.prm.simulator;

import java.util.Random;

/**
 * Draws a slot with probability proportional to its weight, in O(log n); slots start at weight 0 and get theirs when
 * the partner they stand for becomes active (a Fenwick tree of prefix sums).
 */
final class WeightedPicker {

    private final double[] tree;
    private double total;

    WeightedPicker(int size) {
        tree = new double[size + 1];
    }

    void add(int slot, double weight) {
        total += weight;
        for (int i = slot + 1; i < tree.length; i += i & -i) {
            tree[i] += weight;
        }
    }

    boolean isEmpty() {
        return total <= 0;
    }

    /** The slot whose weight interval holds a uniform draw over the total. */
    int pick(Random random) {
        double target = random.nextDouble() * total;
        int position = 0;
        for (int step = Integer.highestOneBit(tree.length - 1); step > 0; step >>= 1) {
            int next = position + step;
            if (next < tree.length && tree[next] <= target) {
                position = next;
                target -= tree[next];
            }
        }
        return Math.min(position, tree.length - 2);
    }
}
