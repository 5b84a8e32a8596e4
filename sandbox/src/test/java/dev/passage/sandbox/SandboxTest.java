package dev.passage.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passage.sandbox.testing.Browser;
import dev.passage.sandbox.testing.TestSandbox;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class SandboxTest {
    @Test
    void each_portal_gets_its_own_free_port_with_port_zero() {
        try (Sandbox sandbox = TestSandbox.start()) {
            assertThat(sandbox.urls()).containsOnlyKeys(SandboxPortals.IDS);
            assertThat(sandbox.urls().values()).doesNotHaveDuplicates().allMatch(u -> u.startsWith("http://127.0.0.1:"));
            for (String id : SandboxPortals.IDS) {
                assertThat(new Browser(sandbox.url(id)).get("/").status()).as(id).isEqualTo(200);
            }
        }
    }

    @Test
    void a_base_port_gives_consecutive_ports_in_the_fixed_order() throws IOException {
        int base;
        try (ServerSocket probe = new ServerSocket(0)) {
            base = probe.getLocalPort();
        }
        try (Sandbox sandbox = Sandbox.start(base)) {
            for (int i = 0; i < SandboxPortals.IDS.size(); i++) {
                assertThat(sandbox.port(SandboxPortals.IDS.get(i))).isEqualTo(base + i);
            }
            assertThat(sandbox.url("tmobile")).isEqualTo("http://127.0.0.1:" + base);
        }
    }

    @Test
    void a_taken_port_fails_the_start_and_leaves_nothing_running() throws IOException {
        // Other servers may run beside this test: a base whose first two ports someone else holds is skipped.
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket taken = new ServerSocket(0)) {
                int base = taken.getLocalPort() - 2; // verizon's port is taken
                if (base < 1024 || !free(base) || !free(base + 1)) {
                    continue;
                }
                assertThatThrownBy(() -> Sandbox.start(base)).isInstanceOf(RuntimeException.class);
                assertThat(free(base)).as("tmobile's port was released").isTrue();
                assertThat(free(base + 1)).as("att's port was released").isTrue();
                return;
            }
        }
        throw new AssertionError("no free pair of ports below a taken one in 20 tries");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void an_unknown_integration_is_refused_with_the_known_ids() {
        try (Sandbox sandbox = TestSandbox.start()) {
            assertThatThrownBy(() -> sandbox.url("sprint")).hasMessageContaining("sprint").hasMessageContaining("tmobile");
            assertThatThrownBy(() -> sandbox.paymentMethods("ubereats", "user_good")).hasMessageContaining("no payment methods");
        }
        assertThatThrownBy(() -> SandboxData.load("sprint")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fixtures_have_enough_records_for_limit_to_matter_and_are_newest_first() {
        for (String carrier : new String[] {"tmobile", "att", "verizon"}) {
            PortalData data = SandboxData.load(carrier);
            assertThat(data.paymentMethods()).as(carrier).hasSizeGreaterThanOrEqualTo(4);
            assertThat(data.paymentMethods()).as(carrier).filteredOn(PaymentMethod::isDefault).hasSize(1);
            assertThat(data.paymentMethods()).as(carrier).extracting(PaymentMethod::type).contains("bank_account", "credit_card");
            assertThat(data.paymentMethods()).as(carrier).extracting(PaymentMethod::brand).doesNotHaveDuplicates();
            assertThat(data.statements()).as(carrier).hasSizeGreaterThanOrEqualTo(12)
                    .isSortedAccordingTo((a, b) -> b.periodStart().compareTo(a.periodStart()))
                    .allMatch(s -> s.currency().equals("USD"));
        }
        assertThat(SandboxData.load("ubereats").orders()).hasSizeGreaterThanOrEqualTo(25)
                .isSortedAccordingTo((a, b) -> b.placedAt().compareTo(a.placedAt()));
        assertThat(SandboxData.load("apple-review").history()).hasSizeGreaterThanOrEqualTo(30)
                .isSortedAccordingTo((a, b) -> b.readAt().compareTo(a.readAt()));
    }

    @Test
    void test_users_are_found_by_name() {
        assertThat(TestUser.byUsername("user_mfa")).contains(TestUser.MFA);
        assertThat(TestUser.MFA.mfaCode()).contains("123456");
        assertThat(TestUser.GOOD.mfaCode()).isEmpty();
        assertThat(TestUser.byUsername("nobody")).isEmpty();
    }

    @Test
    void the_command_line_documents_host_and_base_port() {
        var out = new java.io.StringWriter();
        int exit = new picocli.CommandLine(new SandboxMain()).setOut(new java.io.PrintWriter(out)).execute("--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--host", "--base-port", "8181", "127.0.0.1");
    }
}
