package dev.rehearsal.dashboard.notify;

import static dev.rehearsal.dashboard.notify.StatusUpdateTest.names;
import static dev.rehearsal.dashboard.notify.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** docs/NOTIFICATIONS.md is the receivers' specification: it must not fall behind the code. */
class NotificationsDocTest {

    /** The document is the schema: every field the JSON has is described there. */
    @Test
    void everyFieldIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("../docs/NOTIFICATIONS.md"));
        StatusUpdate u = update().dashboardsBack().clicksFailed("x").build();
        JsonNode json = Json.MAPPER.readTree(WebhookNotifier.body(u));

        List<String> all = new ArrayList<>(names(json));
        all.addAll(names(json.get("eta")));
        all.addAll(names(json.get("stages").get(0)));
        all.addAll(names(json.get("tables").get(0)));
        assertThat(all).hasSize(13 + 4 + 10 + 9);
        for (String name : all) {
            assertThat(doc).as("docs/NOTIFICATIONS.md describes " + name).contains("| `" + name + "`");
        }
    }
}
