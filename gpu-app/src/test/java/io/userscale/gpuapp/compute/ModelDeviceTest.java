package io.userscale.gpuapp.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ModelDeviceTest {

    static final long S = 1_000_000_000L;

    @Test
    void twoSlotsServeTwoAtOnceAndQueueTheThird() throws Exception {
        ModelDevice d = new ModelDevice(2, 5, 2);
        List<Double> waited = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    waited.add(d.serve(300));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            Thread.sleep(20); // in this order
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(waited).hasSize(3);
        assertThat(waited.stream().filter(w -> w < 100).count()).as("two served at once: %s", waited).isEqualTo(2);
        assertThat(waited.stream().filter(w -> w >= 200).count()).as("the third waited for a slot: %s", waited)
                .isEqualTo(1);
    }

    @Test
    void aFullQueueRefusesSayingSo() throws Exception {
        ModelDevice d = new ModelDevice(1, 1, 2);
        CountDownLatch started = new CountDownLatch(1);
        Thread first = Thread.ofVirtual().start(() -> {
            try {
                started.countDown();
                d.serve(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        started.await();
        Awaitility.await().atMost(2, TimeUnit.SECONDS).until(() -> d.activity().inFlight() == 1);
        Thread second = Thread.ofVirtual().start(() -> {
            try {
                d.serve(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Awaitility.await().atMost(2, TimeUnit.SECONDS).until(() -> d.waiting() == 1);
        assertThatThrownBy(() -> d.serve(10)).isInstanceOf(ModelDevice.Full.class)
                .hasMessageContaining("all 1 slots").hasMessageContaining("1 requests waiting");
        first.interrupt();
        first.join();
        second.join();
    }

    @Test
    void utilisationIsTheShareOfSlotsTaken() {
        GpuActivity a = new GpuActivity(4, 10 * S);
        long t0 = System.nanoTime();
        // one of four slots busy for the whole of 10 s, another for half of it: 1.5 of 4 slots
        a.add(t0 + 5 * S, t0 + 15 * S);
        a.add(t0 + 10 * S, t0 + 15 * S);
        assertThat(a.percent(t0 + 15 * S)).isCloseTo(37.5, within(3.0));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new ModelDevice(0, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GpuActivity(1, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
