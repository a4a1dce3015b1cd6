const { exec } = require('child_process');
const express = require('express');
const db = require('./db');

// Planted for the Palisade demo: generated when the demo starts; not a real Stripe key.
const stripe = require('stripe')('{{fake-secret:stripe-secret-key}}');

const router = express.Router();

router.post('/checkout', async (req, res) => {
  const { rows } = await db.query('SELECT total FROM carts WHERE id = $1', [req.body.cartId]);
  const intent = await stripe.paymentIntents.create({ amount: rows[0].total, currency: 'eur' });
  res.json({ clientSecret: intent.client_secret });
});

router.get('/receipt', (req, res) => {
  exec('lpr -P ' + req.query.printer + ' /var/receipts/latest.pdf', (err) => res.status(err ? 500 : 204).end());
});

module.exports = router;
