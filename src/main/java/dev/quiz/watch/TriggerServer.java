package dev.quiz.watch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets git hooks ask a running watcher for a cycle instead of starting a second VM beside it: a
 * Unix socket in a directory only the user can reach. A client sends "cycle" (answered at once)
 * or "cycle-wait", answered with "verdict EXIT LINE" when the first cycle that started after
 * the request ends: a cycle already under way tested the tree as it was before the hook asked.
 */
public final class TriggerServer implements AutoCloseable, WatchSession.CycleListener {
    private final ServerSocketChannel server;
    private final Path socket;
    private final ChangeCollector collector;
    /** Clients that asked since the last cycle started. */
    private final List<SocketChannel> asked = new ArrayList<>();
    /** Clients whose cycle is under way: one that started after they asked. */
    private final List<SocketChannel> waiting = new ArrayList<>();

    private TriggerServer(ServerSocketChannel server, Path socket, ChangeCollector collector) {
        this.server = server;
        this.socket = socket;
        this.collector = collector;
    }

    public static TriggerServer start(Path socket, ChangeCollector collector) throws IOException {
        Path dir = socket.getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        TriggerServer t = new TriggerServer(server, socket, collector);
        Thread accept = new Thread(t::acceptLoop, "quiz-watch-trigger");
        accept.setDaemon(true);
        accept.start();
        return t;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                        StandardCharsets.UTF_8));
                String request = in.readLine();
                if ("cycle-wait".equals(request)) {
                    synchronized (this) {
                        asked.add(client);
                    }
                    collector.rescan();
                } else if ("cycle".equals(request)) {
                    collector.rescan();
                    reply(client, "ok");
                    client.close();
                } else {
                    reply(client, "error unknown request");
                    client.close();
                }
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    @Override
    public synchronized void started(int number) {
        waiting.addAll(asked);
        asked.clear();
    }

    /** A cycle ended: answer the hooks that asked before it started. */
    @Override
    public void ended(int number, int exitCode, String line) {
        List<SocketChannel> clients;
        synchronized (this) {
            clients = new ArrayList<>(waiting);
            waiting.clear();
        }
        answer(clients, "verdict " + exitCode + " " + line.replace('\n', ' '));
    }

    private static void answer(List<SocketChannel> clients, String text) {
        for (SocketChannel c : clients) {
            try {
                reply(c, text);
                c.close();
            } catch (IOException e) {
                // the hook went away
            }
        }
    }

    private static void reply(SocketChannel client, String text) throws IOException {
        client.write(ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
        List<SocketChannel> clients;
        synchronized (this) {
            clients = new ArrayList<>(waiting);
            clients.addAll(asked);
            waiting.clear();
            asked.clear();
        }
        answer(clients, "verdict 250 quiz watch stopped before the cycle ended");
    }
}
