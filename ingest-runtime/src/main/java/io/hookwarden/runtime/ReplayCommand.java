package io.hookwarden.runtime;

import io.hookwarden.runtime.replay.ReplayProgress;
import io.hookwarden.runtime.replay.ReplayRequest;
import io.hookwarden.runtime.replay.Replayer;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;

/** {@code requeue} and {@code replay} on the command line: progress and counts on stdout, exit 0 only if all went well. */
public class ReplayCommand implements QuarkusApplication {
    private static final long PROGRESS_EVERY_MILLIS = 1_000;

    @Inject
    Replayer replayer;

    @Override
    public int run(String... args) {
        CommandLine cli = CommandLine.parse(args);
        try {
            return cli.command().equals("requeue") ? requeue(cli) : replay(cli);
        } catch (IllegalArgumentException e) {
            System.err.println("hookwarden " + cli.command() + ": " + e.getMessage());
            return 2;
        } catch (SQLException | SdkException e) {
            System.err.println("hookwarden " + cli.command() + ": " + e.getMessage());
            return 1;
        }
    }

    private int requeue(CommandLine cli) throws SQLException {
        Map<String, String> options = commandOptions(cli);
        String ids = options.get("event-id");
        if (ids == null || options.size() != 1) {
            throw new IllegalArgumentException("requeue takes --event-id ID... and nothing else");
        }
        List<UUID> eventIds = Arrays.stream(ids.split(",")).map(UUID::fromString).toList();
        Replayer.RequeueResult result = replayer.requeue(eventIds);
        result.requeued().forEach(id -> System.out.println("requeued  " + id));
        result.notFound().forEach(id -> System.out.println("not found " + id));
        result.failed().forEach((id, why) -> System.out.println("failed    " + id + ": " + why));
        System.out.printf("requeued %d of %d%n", result.requeued().size(), eventIds.size());
        return result.requeued().size() == eventIds.size() ? 0 : 1;
    }

    /** The command's own options, without those that configure the runtime (read by Main). */
    private static Map<String, String> commandOptions(CommandLine cli) {
        Map<String, String> options = new LinkedHashMap<>(cli.options());
        options.remove("sources");
        options.remove("secrets");
        return options;
    }

    private int replay(CommandLine cli) {
        ReplayRequest request = ReplayRequest.parse(commandOptions(cli));
        ReplayProgress progress = new ReplayProgress(UUID.randomUUID().toString(), request.dryRun());
        long[] lastPrinted = {System.currentTimeMillis()};
        replayer.replay(request, progress, p -> {
            long now = System.currentTimeMillis();
            if (now - lastPrinted[0] >= PROGRESS_EVERY_MILLIS) {
                lastPrinted[0] = now;
                System.out.println("replay " + request.source() + ": " + p.summary());
            }
        });
        System.out.println("replay " + request.source() + " " + progress.state().name().toLowerCase(java.util.Locale.ROOT)
                + ": " + progress.summary());
        return progress.state() == ReplayProgress.State.DONE && progress.failed() == 0 ? 0 : 1;
    }
}
