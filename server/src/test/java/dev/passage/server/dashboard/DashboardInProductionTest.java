package dev.passage.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passage.server.testing.PassageServer;
import dev.passage.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/** In production the dashboard's cookies are Secure and Try it does not exist. */
@PassageServer(settings = {"env=production", "public-url=https://connect.example.com"})
class DashboardInProductionTest {
    TestServer server;

    @Test
    void try_it_is_a_page_that_is_not_there_signed_in_or_not() {
        Visitor v = new Visitor(server);
        Visitor.Page page = v.get("/dashboard/try");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("There is no such page in the dashboard.");
        assertThat(v.submit("/dashboard/try", "operation", "tmobile:paymentMethod.read").status()).isIn(403, 404);
    }

    @Test
    void the_dashboard_s_cookies_are_marked_secure() {
        Visitor.Page page = new Visitor(server).get("/dashboard/sign-in");
        assertThat(page.raw().headers().allValues("Set-Cookie")).singleElement().satisfies(c ->
                assertThat(c).startsWith("passage_presession=pre_").contains("; Secure").contains("HttpOnly"));
    }
}
