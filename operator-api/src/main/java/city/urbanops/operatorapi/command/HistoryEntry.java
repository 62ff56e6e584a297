package city.urbanops.operatorapi.command;

import java.time.Instant;

/** One state a command went through: who or what brought it there, when and why. */
public record HistoryEntry(CommandStatus status, String actor, Instant at, String reason) {
}
