package io.mlctl.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelTest {
  private static final List<Integer> ITEMS = IntStream.range(0, 500).boxed().toList();

  @Test
  void map_keepsTheOrderOfTheInputs() {
    List<Integer> squares = Parallel.map(ITEMS, 4, i -> i * i);

    assertEquals(ITEMS.stream().map(i -> i * i).toList(), squares);
  }

  @Test
  void map_ofNothing_isEmpty() {
    assertEquals(List.of(), Parallel.map(List.<Integer>of(), 4, i -> i));
  }

  @Test
  void pool_runsEveryRoundOnTheSameWorkers() {
    Set<Thread> seen = ConcurrentHashMap.newKeySet();
    try (Parallel.Pool pool = Parallel.pool(3)) {
      for (int round = 0; round < 50; round++) {
        int r = round;
        List<Integer> out = pool.map(ITEMS, i -> {
          seen.add(Thread.currentThread());
          return i + r;
        });
        assertEquals(ITEMS.stream().map(i -> i + r).toList(), out);
      }
    }

    assertTrue(seen.size() <= 3, "threads used: " + seen.size());
    assertTrue(seen.stream().noneMatch(t -> t == Thread.currentThread()));
  }

  @Test
  void pool_afterClose_hasStoppedItsWorkers() throws Exception {
    Set<Thread> seen = ConcurrentHashMap.newKeySet();
    try (Parallel.Pool pool = Parallel.pool(2)) {
      pool.map(ITEMS, i -> seen.add(Thread.currentThread()));
    }

    for (Thread t : seen) {
      t.join(5_000);
      assertTrue(!t.isAlive(), t.getName() + " still runs");
    }
  }

  @Test
  void map_rethrowsTheFirstFailureAsItWas() {
    BadInputException bad = new BadInputException("item 7 is bad", "fix it");

    BadInputException thrown = assertThrows(BadInputException.class, () -> Parallel.map(ITEMS, 4, i -> {
      if (i == 7) {
        throw bad;
      }
      return i;
    }));

    assertSame(bad, thrown);
  }
}
