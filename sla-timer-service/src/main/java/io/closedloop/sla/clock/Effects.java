package io.closedloop.sla.clock;

import io.closedloop.contract.command.ComplaintCommand;

import java.util.ArrayList;
import java.util.List;

/** What the keeper decided: commands to send to the complaint, timers to set, and lines for the timeline. */
public final class Effects {

    private final List<ComplaintCommand> commands = new ArrayList<>();
    private final List<TimerRequest> timers = new ArrayList<>();
    private final List<TimelineEntry> timeline = new ArrayList<>();

    void command(ComplaintCommand command) {
        commands.add(command);
    }

    void timer(TimerRequest timer) {
        timers.add(timer);
    }

    void line(TimelineEntry entry) {
        timeline.add(entry);
    }

    public List<ComplaintCommand> commands() {
        return List.copyOf(commands);
    }

    public List<TimerRequest> timers() {
        return List.copyOf(timers);
    }

    public List<TimelineEntry> timeline() {
        return List.copyOf(timeline);
    }

    public boolean isEmpty() {
        return commands.isEmpty() && timers.isEmpty() && timeline.isEmpty();
    }
}
