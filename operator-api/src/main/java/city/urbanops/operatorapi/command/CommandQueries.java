package city.urbanops.operatorapi.command;

import city.urbanops.events.command.CommandType;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.security.problem.ResourceNotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Reads commands within the caller's scope: a newest-first page with a keyset cursor, or one with its history. */
@Service
public class CommandQueries {

    /** A page of commands and the cursor of the next, or null at the end. */
    public record Page(List<CommandView> items, String next) {
    }

    private final CommandRepository commands;
    private final CommandFlags flags;
    private final CommandProperties properties;

    CommandQueries(CommandRepository commands, CommandFlags flags, CommandProperties properties) {
        this.commands = commands;
        this.flags = flags;
        this.properties = properties;
    }

    public Page page(AccessScope scope, String status, String cursor, Integer limit) {
        int size = limit == null ? properties.defaultPageSize() : limit;
        if (size < 1 || size > properties.maxPageSize()) {
            throw new InvalidRequestException("limit", "must be between 1 and " + properties.maxPageSize());
        }
        CommandStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = CommandStatus.valueOf(status.strip());
            } catch (IllegalArgumentException unknown) {
                throw new InvalidRequestException("status", "must be one of " + List.of(CommandStatus.values()));
            }
        }
        List<StoredCommand> found = commands.page(scope, wanted, position(cursor), size + 1);
        List<CommandView> items = found.stream().limit(size).map(c -> CommandView.of(c, null, null)).toList();
        String next = found.size() > size ? cursorOf(found.get(size - 1)) : null;
        return new Page(items, next);
    }

    public CommandView one(UUID id, AccessScope scope) {
        StoredCommand command = commands.find(id).filter(c -> scope.allows(c.department(), c.district()))
                .orElseThrow(() -> new ResourceNotFoundException("No command '" + id + "'."));
        return CommandView.of(command, commands.historyOf(id),
                flags.effective(command.type(), command.department(), command.district()));
    }

    /** The flag in force for a command's target, for pages that show it beside the command. */
    public EffectiveFlag flagOf(CommandView command) {
        return flags.effective(CommandType.valueOf(command.type()),
                command.department(), command.district());
    }

    private static String cursorOf(StoredCommand last) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (last.proposedAt() + "|" + last.id()).getBytes(StandardCharsets.UTF_8));
    }

    private static CommandRepository.Position position(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            if (cursor.length() > 200) {
                throw new IllegalArgumentException("too long");
            }
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("two parts expected");
            }
            return new CommandRepository.Position(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw new InvalidRequestException("cursor", "is not a cursor this API issued");
        }
    }
}
