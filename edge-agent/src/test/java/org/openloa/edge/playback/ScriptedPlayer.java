package org.openloa.edge.playback;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A player the test drives: each play runs until the test finishes or fails it, or the scheduler stops it. */
final class ScriptedPlayer implements Player {

    final List<Play> plays = new CopyOnWriteArrayList<>();

    static final class Play implements Playback {
        final PlayRequest request;
        final CompletableFuture<Ending> ended = new CompletableFuture<>();
        volatile boolean stopped;

        Play(PlayRequest request) {
            this.request = request;
        }

        void finish() {
            ended.complete(Ending.PLAYED);
        }

        void fail(String why) {
            ended.complete(Ending.failed(why));
        }

        @Override
        public CompletableFuture<Ending> ended() {
            return ended;
        }

        @Override
        public void stop() {
            stopped = true;
            ended.complete(Ending.failed("stopped"));
        }
    }

    @Override
    public Playback start(PlayRequest request) {
        Play play = new Play(request);
        plays.add(play);
        return play;
    }

    Play last() {
        return plays.get(plays.size() - 1);
    }
}
