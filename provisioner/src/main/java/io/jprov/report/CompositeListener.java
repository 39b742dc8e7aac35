package io.jprov.report;

import io.jprov.transport.CommandResult;
import java.util.List;

/** Forwards every event to each listener in order. Thread-safe when the listeners are. */
public final class CompositeListener implements RunListener {
  private final List<RunListener> listeners;

  public CompositeListener(List<RunListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void runStarted(String playbook, boolean checkMode, int hostCount) {
    listeners.forEach(l -> l.runStarted(playbook, checkMode, hostCount));
  }

  @Override
  public void hostStarted(String host) {
    listeners.forEach(l -> l.hostStarted(host));
  }

  @Override
  public void taskStarted(String host, String task) {
    listeners.forEach(l -> l.taskStarted(host, task));
  }

  @Override
  public void commandRan(String host, String description, CommandResult result) {
    listeners.forEach(l -> l.commandRan(host, description, result));
  }

  @Override
  public void taskFinished(String host, TaskResult result) {
    listeners.forEach(l -> l.taskFinished(host, result));
  }

  @Override
  public void hostFinished(HostResult result) {
    listeners.forEach(l -> l.hostFinished(result));
  }

  @Override
  public void runFinished(RunResult result) {
    listeners.forEach(l -> l.runFinished(result));
  }

  @Override
  public void notice(String message) {
    listeners.forEach(l -> l.notice(message));
  }
}
