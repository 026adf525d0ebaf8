module tfdrift/examples/go

go 1.26

require tfdrift/bindings/go v0.0.0

replace tfdrift/bindings/go => ../../bindings/go
