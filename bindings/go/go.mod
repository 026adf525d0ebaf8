module tfdrift/bindings/go

go 1.26
