package org.coloconsole.engine.model;

/**
 * One preflight finding.
 *
 * @param id     stable identifier ({@code qemu-version}, {@code ports}, …) for scripts and tests
 * @param title  what was checked, for people
 * @param status pass, warn or fail
 * @param detail what was found
 * @param remedy what to do about it (empty when it passed)
 */
public record PreflightCheck(String id, String title, Status status, String detail, String remedy) {

    public enum Status { PASS, WARN, FAIL }

    public static PreflightCheck pass(String id, String title, String detail) {
        return new PreflightCheck(id, title, Status.PASS, detail, "");
    }

    public static PreflightCheck warn(String id, String title, String detail, String remedy) {
        return new PreflightCheck(id, title, Status.WARN, detail, remedy);
    }

    public static PreflightCheck fail(String id, String title, String detail, String remedy) {
        return new PreflightCheck(id, title, Status.FAIL, detail, remedy);
    }
}
