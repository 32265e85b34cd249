"""The commands of cases, one mixin of `ServiceApplication` per area, composed in `cases.application`."""
