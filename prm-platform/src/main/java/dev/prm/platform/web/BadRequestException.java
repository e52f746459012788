package dev.prm.platform.web;

/** Input that cannot be understood: answered 400 with what is wrong. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String detail) {
        super(detail);
    }
}
