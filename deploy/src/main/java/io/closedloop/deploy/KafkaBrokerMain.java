package io.closedloop.deploy;

/**
 * Main class of the Kafka broker child JVM: {@code KafkaBrokerMain <parentPid> <server.properties>}.
 * Watches the parent (see {@link ParentWatchingMain}) and then runs {@code kafka.Kafka.main(propsFile)}.
 * Self-contained like {@link ParentWatchingMain}: {@link KafkaBroker} copies both class files next to each other.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length != 2) {
            System.err.println("usage: KafkaBrokerMain <parentPid> <server.properties>");
            System.exit(2);
        }
        ParentWatchingMain.watchParent(Long.parseLong(args[0]));
        ParentWatchingMain.run("kafka.Kafka", new String[] {args[1]});
    }
}
