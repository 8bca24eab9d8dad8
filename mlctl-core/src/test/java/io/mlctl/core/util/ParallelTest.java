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

  @Test
  void map_whenAnItemFails_returnsOnlyOnceTheItemsOtherWorkersHeldAreDone() {
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean slowDone = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger startedAfterFailure = new java.util.concurrent.atomic.AtomicInteger();

    assertThrows(BadInputException.class, () -> Parallel.map(List.of(0, 1, 2, 3, 4, 5), 2, i -> {
      if (i == 0) {
        started.countDown();
        try {
          // Long enough that a caller who did not wait would look before it is done.
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        slowDone.set(true);
        return i;
      }
      if (i == 1) {
        await(started);
        throw new BadInputException("item 1 is bad", null);
      }
      startedAfterFailure.incrementAndGet();
      return i;
    }));

    assertTrue(slowDone.get(), "map returned while a worker still wrote");
    assertEquals(0, startedAfterFailure.get(), "items started after the failure");
  }

  @Test
  void map_ofAnIoFailure_isAStorageExceptionNamingTheFile_onOneWorkerAsOnMany() {
    for (int threads : new int[] {1, 4}) {
      io.mlctl.core.StorageException e = assertThrows(io.mlctl.core.StorageException.class, () -> Parallel.map(ITEMS, threads, i -> {
        if (i == 3) {
          throw new java.nio.file.FileSystemException("/data/3.bin", null, "No space left on device");
        }
        return i;
      }));
      assertEquals("/data/3.bin: no space left on device", e.getMessage());
    }
  }

  private static void await(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
