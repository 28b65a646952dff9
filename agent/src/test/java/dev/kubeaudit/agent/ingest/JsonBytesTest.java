package dev.kubeaudit.agent.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBytesTest {

    @ParameterizedTest(name = "{0} valid")
    @ValueSource(strings = {
        "", "7b7d", "0a0d0920", "7e7f", "c2a9", "dfbf", "e0a080", "e282ac", "ed9fbf", "ee8080", "efbfbf",
        "f0908080", "f48fbfbf", "f09f9880",
        "41424344454647484950515253545556c3bc"  // 16 ASCII bytes (fast path) then a 2-byte sequence
    })
    void acceptsValidUtf8(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        assertThat(JsonBytes.firstInvalidByte(b, 0, b.length)).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0} invalid at {1}")
    @CsvSource({
        "80, 0",              // lone continuation byte
        "c328, 0",            // 2-byte lead then ASCII
        "c0af, 0",            // overlong '/'
        "c1bf, 0",            // overlong
        "e080af, 0",          // overlong 3-byte
        "eda080, 0",          // UTF-16 surrogate
        "f08080af, 0",        // overlong 4-byte
        "f4908080, 0",        // above U+10FFFF
        "f5808080, 0",        // invalid lead
        "ff, 0",
        "e282, 0",            // truncated at the end
        "4142434445464748c3, 8",
        "414200, 2",          // NUL
        "41424344454647481f, 8", // control character after the fast path
        "4142434445464748494a4b4c4d4e4f501b5152, 16"
    })
    void findsTheFirstInvalidByte(String hex, int at) {
        byte[] b = HexFormat.of().parseHex(hex);
        assertThat(JsonBytes.firstInvalidByte(b, 0, b.length)).isEqualTo(at);
    }

    @Test
    void validatesOnlyTheGivenRange() {
        byte[] b = {(byte) 0xff, 'a', 'b', (byte) 0xff};
        assertThat(JsonBytes.firstInvalidByte(b, 1, 3)).isEqualTo(-1);
        assertThat(JsonBytes.firstInvalidByte(b, 1, 4)).isEqualTo(3);
    }

    @Test
    void compactionRemovesWhitespaceOnlyOutsideStrings() {
        String json = "{ \"a b\" :\t[ 1 ,\r\n 2 ],\n \"c\" : \"x \\\" y \\\\\" , \"d\":\"\\u0026 \\n\" }";
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        int n = JsonBytes.compactLength(b, 0, b.length);
        byte[] out = new byte[n];
        JsonBytes.compactInto(b, 0, b.length, out, 0);
        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo("{\"a b\":[1,2],\"c\":\"x \\\" y \\\\\",\"d\":\"\\u0026 \\n\"}");
    }

    @Test
    void compactJsonStaysTheSameLength() {
        byte[] b = "{\"a\":\"b c\",\"d\":[1,2]}".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonBytes.compactLength(b, 0, b.length)).isEqualTo(b.length);
    }
}
