package io.closedloop.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.ops.deadletter.DeadLetterCommand;
import io.closedloop.ops.export.ExportCommand;
import io.closedloop.ops.http.ServiceClient;
import io.closedloop.ops.kafka.KafkaClients;
import io.closedloop.ops.lag.LagCommand;
import io.closedloop.ops.offsets.OffsetsCommand;
import io.closedloop.ops.parked.ParkedCommand;
import io.closedloop.ops.projection.ProjectionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Clock;

/**
 * {@code closed-loop-ops}: what an operator needs beyond the services' own APIs, in one tool. It talks to Kafka as a
 * client (never moving a service's offsets) and to the services over HTTP (never to their databases). Expected
 * failures end with a one-line reason and a non-zero exit code, no stack trace: 1 refused or failed, 2 wrong usage,
 * 3 Kafka or a service unreachable, 4 lag above {@code --fail-above}.
 */
@Command(name = "closed-loop-ops", mixinStandardHelpOptions = true, versionProvider = ClosedLoopOps.Version.class,
        description = "Closed Loop operations: consumer lag and offsets, dead letters, parked complaints, projection "
                + "rebuilds, and the export of a complaint's stream. See docs/operations.md.",
        subcommands = {LagCommand.class, OffsetsCommand.class, DeadLetterCommand.class, ParkedCommand.class,
                ProjectionCommand.class, ExportCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:refused or failed (the message says why)", "2:wrong usage",
                "3:Kafka or a service could not be reached", "4:lag above --fail-above"})
public final class ClosedLoopOps {

    @Mixin
    Connection connection;

    private final Clock clock;
    private final ObjectMapper json = ContractJson.configure(new ObjectMapper())
            .enable(SerializationFeature.INDENT_OUTPUT);

    public ClosedLoopOps(Clock clock) {
        this.clock = clock;
    }

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("-v") || java.util.Arrays.asList(args).contains("--verbose")) {
            // before the first logger exists: slf4j-simple reads its level once
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        System.exit(commandLine(Clock.systemUTC()).execute(args));
    }

    /** The tool's command line, with its error handling; tests run it in-process with their own writers. */
    public static CommandLine commandLine(Clock clock) {
        CommandLine cli = new CommandLine(new ClosedLoopOps(clock));
        cli.setExecutionExceptionHandler(ClosedLoopOps::failed);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /** The tool from any of its commands. */
    public static ClosedLoopOps of(CommandSpec spec) {
        return (ClosedLoopOps) spec.root().userObject();
    }

    public Connection connection() {
        return connection;
    }

    public KafkaClients kafka() {
        return new KafkaClients(connection);
    }

    public ServiceClient service(Service service) {
        return new ServiceClient(service, connection.url(service), connection.timeout(), connection.apiKey(), json);
    }

    public ObjectMapper json() {
        return json;
    }

    public Clock clock() {
        return clock;
    }

    private static int failed(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
        PrintWriter err = command.getErr();
        ClosedLoopOps ops = (ClosedLoopOps) command.getCommandSpec().root().userObject();
        Throwable reason = e;
        if (!(e instanceof OpsException)) {
            reason = ops.kafka().translate(e);
        }
        if (reason instanceof OpsException expected) {
            err.println(command.getColorScheme().errorText(command.getCommandSpec().qualifiedName() + ": "
                    + expected.getMessage()));
            if (ops.connection.verbose()) {
                e.printStackTrace(err);
            }
            err.flush();
            return expected.exitCode();
        }
        err.println(command.getColorScheme().errorText(command.getCommandSpec().qualifiedName()
                + ": unexpected failure: " + e + (ops.connection.verbose() ? "" : " (--verbose shows where)")));
        if (ops.connection.verbose()) {
            e.printStackTrace(err);
        }
        err.flush();
        return OpsException.FAILED;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ClosedLoopOps.class.getPackage().getImplementationVersion();
            return new String[] {"closed-loop-ops " + (version == null ? "(development build)" : version)};
        }
    }
}
