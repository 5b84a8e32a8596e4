package dev.passage.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private final byte[] master = new byte[32];
    private final SecretBox box = SecretBox.forPurpose(master, "test");

    @Test
    void a_sealed_value_opens_for_its_owner_and_hides_the_plaintext() {
        String sealed = box.seal("link_1", "4111111111111111".getBytes(StandardCharsets.UTF_8));

        assertThat(sealed).startsWith("v1.").doesNotContain("4111");
        assertThat(new String(box.open("link_1", sealed), StandardCharsets.UTF_8)).isEqualTo("4111111111111111");
    }

    @Test
    void a_value_moved_to_another_row_or_purpose_or_altered_does_not_open() {
        String sealed = box.seal("link_1", "secret".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> box.open("link_2", sealed)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretBox.forPurpose(master, "other").open("link_1", sealed))
                .isInstanceOf(IllegalArgumentException.class);
        String altered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThatThrownBy(() -> box.open("link_1", altered)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokens_carry_their_prefix_and_256_random_bits_and_hash_one_way() {
        String token = Tokens.secret("psg_");

        assertThat(token).startsWith("psg_").hasSize(4 + 43);
        assertThat(Tokens.secret("psg_")).isNotEqualTo(token);
        assertThat(Tokens.hash(token)).hasSize(64).isEqualTo(Tokens.hash(token)).doesNotContain(token.substring(4));
    }
}
