"""Flat ledgers (结对帮扶台账): one row per household, helpers named, read into the same PairingNetwork."""
