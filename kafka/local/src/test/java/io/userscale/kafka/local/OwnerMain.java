package io.userscale.kafka.local;

import java.nio.file.Path;

/** A process that owns a tied broker and then waits to be killed: for the no-orphans test. */
public final class OwnerMain {

    private OwnerMain() {
    }

    public static void main(String[] args) throws Exception {
        var settings = LocalKafka.Settings.defaults(Path.of(args[0]), Path.of(args[1]))
                .withPorts(Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        LocalKafka broker = LocalKafka.start(settings);
        System.out.println("broker-pid " + broker.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
