package io.closedloop.ops;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a service as {@code routing}, {@code routing-service} or {@code ROUTING}. */
public final class ServiceName implements ITypeConverter<Service> {
    @Override
    public Service convert(String value) {
        try {
            return Service.named(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
