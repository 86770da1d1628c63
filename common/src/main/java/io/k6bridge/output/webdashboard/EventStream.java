package io.k6bridge.output.webdashboard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The dashboard's events as k6 serves them through r3labs/sse: every event is kept and replayed to
 * each new subscriber before the live ones, so a browser opened late sees the whole run.
 *
 * <p>Ids are r3labs' event-log indexes: 0 for the first event, then 1, 2… (r3labs overwrites the id
 * k6's emitter assigns). A {@code Last-Event-ID} replays from that id on, inclusive, as r3labs
 * does.
 *
 * <p>Memory is bounded by {@link #thin}: the periodic events of every other period are dropped
 * (never {@code metric} events, nor the latest period), keeping their ids, so a replay is still a
 * faithful, coarser history of the run.
 */
final class EventStream {
  /** One event with its SSE frame; {@code period} is the tick that fired it, or -1. */
  static final class Frame {
    final long id;
    final String name;
    final byte[] data;
    final byte[] wire;
    final long period;

    Frame(long id, String name, byte[] data, long period) {
      this.id = id;
      this.name = name;
      this.data = data;
      this.period = period;
      String retry = name.equals("stop") ? "retry: 9007199254740991\n" : "";
      byte[] head = ("id: " + id + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
      byte[] tail = ("\nevent: " + name + "\n" + retry + "\n").getBytes(StandardCharsets.UTF_8);
      this.wire = new byte[head.length + data.length + tail.length];
      System.arraycopy(head, 0, wire, 0, head.length);
      System.arraycopy(data, 0, wire, head.length, data.length);
      System.arraycopy(tail, 0, wire, head.length + data.length, tail.length);
    }
  }

  /**
   * Most live frames waiting for one subscriber, beyond its replay of the history, before it is let
   * go: its queue is bounded by construction.
   */
  static final int MAX_BACKLOG = 4096;

  /** Ends a subscriber's stream. */
  static final Frame END = new Frame(-1, "end", new byte[0], -1);

  private final List<Frame> history = new ArrayList<>();
  private final List<BlockingQueue<Frame>> subscribers = new ArrayList<>();
  private long nextId;
  private int snapshots;
  private long bytes;
  private boolean ended;

  /** Appends an event and sends it to every subscriber. */
  synchronized Frame publish(String name, byte[] data, long period) {
    Frame f = new Frame(nextId++, name, data, period);
    history.add(f);
    bytes += f.wire.length;
    if (name.equals("snapshot")) {
      snapshots++;
    }
    for (java.util.Iterator<BlockingQueue<Frame>> it = subscribers.iterator(); it.hasNext(); ) {
      BlockingQueue<Frame> s = it.next();
      if (s.remainingCapacity() <= 1) { // the last place is END's
        // A subscriber this far behind (a stalled tab) is let go rather than held in memory: its
        // stream ends, and the browser reconnects with Last-Event-ID for what it missed.
        s.clear();
        s.add(END);
        it.remove();
      } else {
        s.add(f);
      }
    }
    return f;
  }

  /**
   * A new subscriber's queue, already holding every kept event with an id of at least {@code
   * fromId}; it ends with {@link #END} once the stream has ended.
   */
  synchronized BlockingQueue<Frame> subscribe(long fromId) {
    List<Frame> replay = new ArrayList<>();
    for (Frame f : history) {
      if (f.id >= fromId) {
        replay.add(f);
      }
    }
    BlockingQueue<Frame> q = new LinkedBlockingQueue<>(replay.size() + MAX_BACKLOG + 1);
    q.addAll(replay);
    if (ended) {
      q.add(END);
    } else {
      subscribers.add(q);
    }
    return q;
  }

  synchronized void unsubscribe(BlockingQueue<Frame> q) {
    subscribers.remove(q);
  }

  /** Sends {@link #END} to every subscriber; later subscribers get the history and END. */
  synchronized void end() {
    ended = true;
    for (BlockingQueue<Frame> s : subscribers) {
      s.add(END);
    }
    subscribers.clear();
  }

  synchronized int subscriberCount() {
    return subscribers.size();
  }

  /** The kept events, oldest first. */
  synchronized List<Frame> history() {
    return List.copyOf(history);
  }

  /** Bytes of the kept events' frames. */
  synchronized long keptBytes() {
    return bytes;
  }

  /** Periods whose snapshot is kept. */
  synchronized int keptSnapshots() {
    return snapshots;
  }

  /** Drops the periodic events of every other period, counting back from the latest one. */
  synchronized void thin() {
    List<Long> periods = new ArrayList<>();
    long last = -1;
    for (Frame f : history) {
      if (f.period >= 0 && f.period != last) {
        periods.add(f.period);
        last = f.period;
      }
    }
    Set<Long> dropped = new HashSet<>();
    for (int i = periods.size() - 2; i >= 0; i -= 2) {
      dropped.add(periods.get(i));
    }
    history.removeIf(f -> !f.name.equals("metric") && dropped.contains(f.period));
    snapshots = 0;
    bytes = 0;
    for (Frame f : history) {
      bytes += f.wire.length;
      if (f.name.equals("snapshot")) {
        snapshots++;
      }
    }
  }
}
