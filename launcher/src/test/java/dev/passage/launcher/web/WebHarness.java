package dev.passage.launcher.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import dev.passage.device.Chromium;
import dev.passage.device.DeviceRuntime;
import dev.passage.launcher.Launcher;
import dev.passage.server.people.Role;
import dev.passage.sandbox.Sandbox;
import dev.passage.server.testing.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import tools.jackson.databind.JsonNode;

/**
 * What the browser tests of the people-facing pages share, one per test class: a server as
 * {@code ./passage serve} runs it (hosted worker, sandbox portals on free ports, or a scripted worker
 * when no portals are wanted), headless Chromium, an organization "Acme" with an admin and a viewer,
 * a webhook receiver, and screenshots at desktop and phone widths under {@code target/screenshots/}.
 */
final class WebHarness implements AutoCloseable {
    static final String PASSWORD = "correct horse battery staple";
    static final int DESKTOP_W = 1280, DESKTOP_H = 800, PHONE_W = 390, PHONE_H = 844;

    final TestServer server;
    final Sandbox sandbox;
    final Chromium chromium;
    final String orgId;
    final String adminEmail;
    final String viewerEmail;
    final String key;
    final Receiver receiver;
    private final Path shots;

    WebHarness(String name, boolean portals, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.putIfAbsent("dashboard.sign-in-rate-limit-per-minute", "100000");
        this.sandbox = portals ? Sandbox.start(0) : null;
        this.server = portals ? TestServer.startHosted("sqlite", all, Launcher.portals(sandbox))
                : TestServer.start("sqlite", all);
        this.chromium = Chromium.launch(true, Optional.of(Path.of("/usr/bin/chromium")).filter(Files::isExecutable));
        this.orgId = server.passage.orgs().createOrganization("Acme").id();
        this.adminEmail = person("ada@acme.example", Role.ADMIN);
        this.viewerEmail = person("vic@acme.example", Role.VIEWER);
        this.key = server.passage.orgs().createKey(orgId).secret();
        this.receiver = new Receiver();
        this.shots = Path.of("target", "screenshots", name);
        try {
            Files.createDirectories(shots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String person(String email, Role role) {
        var invitation = server.passage.people().invite(orgId, email, role);
        server.passage.people().acceptInvitation(invitation.token(), PASSWORD);
        return email;
    }

    String base() {
        return "http://127.0.0.1:" + server.passage.port();
    }

    Browser browser() {
        return chromium.browser();
    }

    /** A fresh browser profile (its own cookies) at desktop width. */
    BrowserContext context() {
        return browser().newContext(new Browser.NewContextOptions().setViewportSize(DESKTOP_W, DESKTOP_H));
    }

    /** A page signed in as {@code email}, on the links page. */
    Page signedIn(BrowserContext context, String email) {
        Page page = context.newPage();
        page.onDialog(d -> d.accept());
        page.navigate(base() + "/dashboard/sign-in");
        page.fill("#email", email);
        page.fill("#password", PASSWORD);
        page.click("button[type=submit]");
        page.waitForURL("**/dashboard/links");
        return page;
    }

    /** Screenshots of the page as it is, at desktop and at phone width (full height), then back to desktop. */
    void shoot(Page page, String name) {
        page.setViewportSize(DESKTOP_W, DESKTOP_H);
        page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve(name + "-desktop.png")).setFullPage(true));
        page.setViewportSize(PHONE_W, PHONE_H);
        page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve(name + "-phone.png")).setFullPage(true));
        assertThat(((Number) page.evaluate("document.documentElement.scrollWidth")).intValue())
                .as("%s is wider than a 390-px phone", name).isLessThanOrEqualTo(PHONE_W);
        page.setViewportSize(DESKTOP_W, DESKTOP_H);
    }

    /** One screenshot of the viewport as it is. */
    void shootViewport(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve(name + ".png")));
    }

    JsonNode createLink(String body) {
        TestServer.Response r = server.postJson("/v1/links", key, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    /** Runs the device runtime on the link as the sandbox's good user, to the session's end. */
    DeviceRuntime.Outcome device(JsonNode created) {
        return device(created, "user_good");
    }

    /** Runs the device runtime on the link with a sandbox user, to the session's end. */
    DeviceRuntime.Outcome device(JsonNode created, String sandboxUser) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeviceRuntime runtime = new DeviceRuntime(new DeviceRuntime.Options(created.get("appClipUrl").asString(),
                URI.create(base()), true, Optional.of(sandboxUser), Optional.empty(), Duration.ofSeconds(90)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        DeviceRuntime.Outcome outcome = runtime.run();
        System.out.println(out.toString(StandardCharsets.UTF_8));
        return outcome;
    }

    /** The text a QR code in a PNG says. */
    static String decodeQr(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
            return new QRCodeReader().decode(bitmap).getText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (com.google.zxing.ReaderException e) {
            throw new AssertionError("no QR code could be read in the screenshot", e);
        }
    }

    @Override
    public void close() {
        receiver.close();
        chromium.close();
        server.close();
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** A webhook receiver on a loopback port that answers 200 and keeps what it got. */
    static final class Receiver implements AutoCloseable {
        final List<String> bodies = new CopyOnWriteArrayList<>();
        private final HttpServer http;

        Receiver() {
            try {
                http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            http.createContext("/hook", exchange -> {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            http.start();
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}
