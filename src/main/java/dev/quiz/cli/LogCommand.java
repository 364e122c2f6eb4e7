package dev.quiz.cli;

import dev.quiz.cycle.RunDirs;
import dev.quiz.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "log", description = "Print a run's saved console log: the last run's, or run N's (see quiz history).")
final class LogCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "N", description = "The run number. Default: the last run.")
    Integer id;

    @Option(names = "--path", description = "Print only the log's path.")
    boolean pathOnly;

    @Override
    public Integer call() throws IOException {
        Store store = Host.store();
        int run = id != null ? id : RunDirs.highest(store.runs());
        Path log = store.runs().resolve(String.format("%04d", run)).resolve("console.log");
        if (run == 0 || !Files.isRegularFile(log)) {
            throw new UserError(run == 0 ? "no runs yet" : "run " + run + " has no console log (old runs are pruned)");
        }
        if (pathOnly) {
            System.out.println(log);
        } else {
            Files.copy(log, System.out);
        }
        return 0;
    }
}
